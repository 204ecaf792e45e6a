package demo

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"math/bits"
	"strings"
)

// The private keys below are real keys made from the data set's random
// stream, so that tools that parse keys accept them. They protect nothing.

// ed25519PKCS8 returns an Ed25519 key as a PKCS#8 "PRIVATE KEY" block.
func (g *gen) ed25519PKCS8() (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed(g.bytes(ed25519.SeedSize)))
	if err != nil {
		return "", err
	}
	return pemBlock("PRIVATE KEY", der), nil
}

// p256Scalar returns a valid P-256 private scalar.
func (g *gen) p256Scalar() []byte {
	for {
		b := g.bytes(32)
		if _, err := ecdh.P256().NewPrivateKey(b); err == nil {
			return b
		}
	}
}

// p256PKCS8 returns a P-256 key as a PKCS#8 "PRIVATE KEY" block.
func (g *gen) p256PKCS8() (string, error) {
	k, err := ecdh.P256().NewPrivateKey(g.p256Scalar())
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", err
	}
	return pemBlock("PRIVATE KEY", der), nil
}

// p256SEC1 returns a P-256 key as a SEC 1 "EC PRIVATE KEY" block.
func (g *gen) p256SEC1() (string, error) {
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), g.p256Scalar())
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		return "", err
	}
	return pemBlock("EC PRIVATE KEY", der), nil
}

// pemBlock returns the PEM block without its final newline.
func pemBlock(typ string, der []byte) string {
	return strings.TrimSuffix(string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})), "\n")
}

// openSSHEd25519 returns an unencrypted Ed25519 key in the openssh-key-v1
// format of ssh-keygen, and the matching authorized_keys line.
func (g *gen) openSSHEd25519(comment string) (block, pubLine string) {
	seed := g.bytes(ed25519.SeedSize)
	return OpenSSHEd25519(seed, g.r.Uint32(), comment)
}

// OpenSSHEd25519 returns the Ed25519 key of seed as an unencrypted
// openssh-key-v1 block wrapped at 70 columns as ssh-keygen writes it (check
// is its check integer), and the matching authorized_keys line.
func OpenSSHEd25519(seed []byte, check uint32, comment string) (block, pubLine string) {
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	pubBlob := sshString(sshString(nil, []byte("ssh-ed25519")), pub)

	var sec []byte
	sec = binary.BigEndian.AppendUint32(sec, check)
	sec = binary.BigEndian.AppendUint32(sec, check)
	sec = sshString(sec, []byte("ssh-ed25519"))
	sec = sshString(sec, pub)
	sec = sshString(sec, priv)
	sec = sshString(sec, []byte(comment))
	for i := byte(1); len(sec)%8 != 0; i++ {
		sec = append(sec, i)
	}

	b := []byte("openssh-key-v1\x00")
	b = sshString(b, []byte("none"))
	b = sshString(b, []byte("none"))
	b = sshString(b, nil)
	b = binary.BigEndian.AppendUint32(b, 1)
	b = sshString(b, pubBlob)
	b = sshString(b, sec)
	block = "-----BEGIN OPENSSH PRIVATE KEY-----\n" +
		wrap(base64.StdEncoding.EncodeToString(b), 70) +
		"\n-----END OPENSSH PRIVATE KEY-----"
	return block, "ssh-ed25519 " + base64.StdEncoding.EncodeToString(pubBlob) + " " + comment
}

// sshString appends s as an SSH wire-format string.
func sshString(b, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// wrap breaks s into lines of width characters.
func wrap(s string, width int) string {
	var lines []string
	for len(s) > width {
		lines = append(lines, s[:width])
		s = s[width:]
	}
	return strings.Join(append(lines, s), "\n")
}

// pgpEd25519 returns an ASCII-armored OpenPGP secret key: an unprotected
// v4 EdDSA secret-key packet and a user id packet.
func (g *gen) pgpEd25519(created uint32, uid string) string {
	seed := g.bytes(ed25519.SeedSize)
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	oid := []byte{0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01} // Ed25519
	body := binary.BigEndian.AppendUint32([]byte{4}, created)
	body = append(body, 22, byte(len(oid)))
	body = append(body, oid...)
	body = appendMPI(body, append([]byte{0x40}, pub...))
	body = append(body, 0) // S2K usage 0: the secret is not encrypted
	secret := appendMPI(nil, seed)
	var sum uint16
	for _, c := range secret {
		sum += uint16(c)
	}
	body = binary.BigEndian.AppendUint16(append(body, secret...), sum)
	data := appendPacket(appendPacket(nil, 5, body), 13, []byte(uid))

	crc := crc24(data)
	return "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" +
		wrap(base64.StdEncoding.EncodeToString(data), 64) + "\n=" +
		base64.StdEncoding.EncodeToString([]byte{byte(crc >> 16), byte(crc >> 8), byte(crc)}) +
		"\n-----END PGP PRIVATE KEY BLOCK-----"
}

// appendMPI appends v as an OpenPGP multiprecision integer.
func appendMPI(b, v []byte) []byte {
	for len(v) > 1 && v[0] == 0 {
		v = v[1:]
	}
	n := (len(v)-1)*8 + bits.Len8(v[0])
	b = binary.BigEndian.AppendUint16(b, uint16(n))
	return append(b, v...)
}

// appendPacket appends an OpenPGP packet in the new format.
func appendPacket(b []byte, tag byte, body []byte) []byte {
	b = append(b, 0xC0|tag)
	if n := len(body); n < 192 {
		b = append(b, byte(n))
	} else {
		n -= 192
		b = append(b, byte(n>>8)+192, byte(n))
	}
	return append(b, body...)
}

// crc24 is the checksum of OpenPGP ASCII armor (RFC 4880 §6.1).
func crc24(data []byte) uint32 {
	crc := uint32(0xB704CE)
	for _, c := range data {
		crc ^= uint32(c) << 16
		for range 8 {
			crc <<= 1
			if crc&0x1000000 != 0 {
				crc ^= 0x1864CFB
			}
		}
	}
	return crc & 0xFFFFFF
}
