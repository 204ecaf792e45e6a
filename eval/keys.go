package eval

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"math/big"
	mrand "math/rand/v2"
	"time"
)

// keyMaterial generates real keys and certificates with crypto/rand: the
// corpus's keys parse as what they claim to be. Their bytes are not
// reproducible from the seed, only their kinds and positions.
type keyMaterial struct {
	rsa *rsa.PrivateKey // one 1024-bit key, generated once (RSA generation is slow)
}

func newKeyMaterial() *keyMaterial {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	return &keyMaterial{rsa: k}
}

func (km *keyMaterial) privateKeyPEM(r *mrand.Rand) string {
	switch r.IntN(5) {
	case 0:
		return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(km.rsa)}))
	case 1:
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		der, _ := x509.MarshalECPrivateKey(k)
		return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
	case 2:
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	case 3:
		der, _ := x509.MarshalPKCS8PrivateKey(km.rsa)
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	default:
		return opensshEd25519()
	}
}

// opensshEd25519 writes an unencrypted ed25519 key in the openssh-key-v1
// format (PROTOCOL.key in OpenSSH's sources).
func opensshEd25519() string {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	str := func(b []byte, s []byte) []byte {
		return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
	}
	pubBlob := str(str(nil, []byte("ssh-ed25519")), pub)
	check := uint32(time.Now().UnixNano())
	sec := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, check), check)
	sec = str(sec, []byte("ssh-ed25519"))
	sec = str(sec, pub)
	sec = str(sec, priv)
	sec = str(sec, []byte("deploy@build-01"))
	for i := byte(1); len(sec)%8 != 0; i++ {
		sec = append(sec, i)
	}
	out := []byte("openssh-key-v1\x00")
	out = str(out, []byte("none"))
	out = str(out, []byte("none"))
	out = str(out, nil)
	out = binary.BigEndian.AppendUint32(out, 1)
	out = str(out, pubBlob)
	out = str(out, sec)
	return string(pem.EncodeToMemory(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: out}))
}

func (km *keyMaterial) certificatePEM(r *mrand.Rand, host string) string {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(r.Int64()),
		Subject:      pkix.Name{CommonName: host, Organization: []string{"Example Internal CA"}},
		NotBefore:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		DNSNames:     []string{host},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// publicKeyPEM and csrPEM are look-alikes: PEM blocks that are not secret.
func (km *keyMaterial) publicKeyPEM() string {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func (km *keyMaterial) csrPEM(host string) string {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: host}}, k)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func (km *keyMaterial) privateKeyPEMPKCS8() string {
	_, k, _ := ed25519.GenerateKey(rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
