package demo

import "strings"

// keySpecs returns the files that hold private keys.
func keySpecs() []spec {
	return []spec{
		{key: "keys/id_rsa", build: idRSA},
		{key: "keys/id_ed25519", build: idEd25519},
		{key: "keys/id_ed25519.pub", clean: true, build: idEd25519Pub},
		{key: "keys/tls/server.key", build: serverKey},
		{key: "keys/service-accounts/reporting-api.pem", build: pkcs8File((*gen).p256PKCS8)},
		{key: "keys/signing/release-ed25519.pem", build: pkcs8File((*gen).ed25519PKCS8)},
		{key: "keys/pgp/release-signing-private.asc", build: pgpFile},
		{key: "deploy/ansible/group_vars/web.yml", build: ansibleVars},
	}
}

// deployKeyStream names the random stream of the SSH deploy key, shared by
// the private and the public key file.
const deployKeyStream = "ssh-deploy-key"

func idRSA(d *doc, g *gen, w *world) {
	d.add(privKey(rsaKey), "\n")
}

func idEd25519(d *doc, g *gen, w *world) {
	block, _ := newGen(w.t, seed, deployKeyStream).openSSHEd25519("deploy@ci-runner-07")
	d.add(privKey(block), "\n")
}

// idEd25519Pub is the public half: a look-alike with no private key.
func idEd25519Pub(d *doc, g *gen, w *world) {
	_, line := newGen(w.t, seed, deployKeyStream).openSSHEd25519("deploy@ci-runner-07")
	d.add(line, "\n")
}

// serverKey is what `openssl ecparam -genkey` writes: a parameters block
// (not a key) and an EC private key.
func serverKey(d *doc, g *gen, w *world) {
	block, err := g.p256SEC1()
	d.fail(err)
	d.add("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n",
		privKey(block), "\n")
}

// pkcs8File returns a builder of a file holding one key made by key.
func pkcs8File(key func(*gen) (string, error)) func(d *doc, g *gen, w *world) {
	return func(d *doc, g *gen, w *world) {
		block, err := key(g)
		d.fail(err)
		d.add(privKey(block), "\n")
	}
}

func pgpFile(d *doc, g *gen, w *world) {
	e := w.staff[6]
	d.add(privKey(g.pgpEd25519(1767225600, "Acme Release Signing <"+e.first.ascii+"@"+companyDomain+">")), "\n")
}

// ansibleVars embeds a key in YAML as an indented block scalar; the planted
// span runs from BEGIN to END across the indentation.
func ansibleVars(d *doc, g *gen, w *world) {
	block, err := g.p256PKCS8()
	d.fail(err)
	d.add("---\n",
		"nginx_version: \"1.27.2\"\n",
		"nginx_worker_processes: auto\n",
		"tls_certificate_path: /etc/nginx/tls/portal.crt\n",
		"tls_private_key: |\n    ",
		privKey(strings.ReplaceAll(block, "\n", "\n    ")), "\n",
		"upstream_servers:\n  - 10.20.4.11:8443\n  - 10.20.4.12:8443\n")
}
