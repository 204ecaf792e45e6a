package main

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"regexp"
	"strings"

	"github.com/mamori-dev/mamori/internal/demo"
)

// The planted credential types. Each is one that mamori, gitleaks v8.30.1
// and trufflehog v3.90.0 all have a detector for (gitleaks rule /
// trufflehog detector in the comment), in the format the issuer uses.
const (
	typeGitHubPAT     = "github_pat"          // github-pat / Github (v2)
	typeGitHubFine    = "github_fine_grained" // github-fine-grained-pat / Github (v2)
	typeGitLabPAT     = "gitlab_pat"          // gitlab-pat / Gitlab (v2)
	typeSlackBot      = "slack_bot_token"     // slack-bot-token / Slack
	typeSlackWebhook  = "slack_webhook"       // slack-webhook-url / SlackWebhook
	typeStripe        = "stripe_live_key"     // stripe-access-token / Stripe (live keys only)
	typeSendGrid      = "sendgrid_api_key"    // sendgrid-api-token / SendGrid
	typeNPM           = "npm_token"           // npm-access-token / NpmToken (v2)
	typeOpenAI        = "openai_api_key"      // openai-api-key / OpenAI
	typeShopify       = "shopify_token"       // shopify-access-token / Shopify
	typePyPI          = "pypi_token"          // pypi-upload-token / PyPI
	typePrivateKey    = "private_key"         // private-key / PrivateKey (must parse)
	typeAWSKeyID      = "aws_access_key_id"   // aws-access-token / AWS (demo's pairs)
	typeAWSSecret     = "aws_secret_access_key"
	alnum             = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	base62            = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	upperAlnum        = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexLower          = "0123456789abcdef"
	base64URL         = alnum + "_-"
	privateKeyExcerpt = 48 // characters near the end of a key's base64 body kept as its manifest value
)

// plantTypes is the rotation of planted types (the AWS pairs come from
// internal/demo's code blocks and are found by awsPairs).
var plantTypes = []string{
	typeGitHubPAT, typeGitHubFine, typeGitLabPAT, typeSlackBot, typeSlackWebhook, typeStripe,
	typeSendGrid, typeNPM, typeOpenAI, typeShopify, typePyPI, typePrivateKey,
}

// plant is one planted credential: the 1-based lines it spans and the
// value a tool's report is matched against.
type plant struct {
	first, last int
	typ, value  string
}

type planter struct {
	r    *rand.Rand
	next int // index into plantTypes of the next plant
	n    int // plants made, for varying the surrounding syntax
	keys int // private keys made, for varying their kind and surroundings
}

func newPlanter(seed uint64) *planter {
	return &planter{r: rand.New(rand.NewPCG(seed, 0x706c616e74))}
}

func (p *planter) pick(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[p.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (p *planter) digits(lo, hi int) string {
	return p.pick("0123456789", lo+p.r.IntN(hi-lo+1))
}

// checksummed returns prefix + 30 random base62 characters + the six
// base62 digits of their CRC32, GitHub's and npm's 2021 token format.
func (p *planter) checksummed(prefix string) string {
	body := p.pick(alnum, 30)
	c := uint64(crc32.ChecksumIEEE([]byte(body)))
	var sum [6]byte
	for i := 5; i >= 0; i-- {
		sum[i] = base62[c%62]
		c /= 62
	}
	return prefix + body + string(sum[:])
}

// value returns a new credential of type typ and the lines that carry it
// (the lines of a PEM block; one line otherwise).
func (p *planter) value(typ string) (string, []string, error) {
	var v string
	switch typ {
	case typeGitHubPAT:
		v = p.checksummed("ghp_")
	case typeGitHubFine:
		v = "github_pat_11" + p.pick(upperAlnum, 20) + "_" + p.pick(alnum, 59)
	case typeGitLabPAT:
		v = "glpat-" + p.pick(alnum, 20)
	case typeSlackBot:
		v = "xoxb-" + p.digits(10, 13) + "-" + p.digits(10, 13) + "-" + p.pick(alnum, 24)
	case typeSlackWebhook:
		v = "https://hooks.slack.com/services/T" + p.pick(upperAlnum, 8) + "/B" + p.pick(upperAlnum, 10) + "/" + p.pick(alnum, 24)
	case typeStripe:
		n := 24
		if p.r.IntN(2) == 0 {
			n = 99
		}
		v = []string{"sk", "rk"}[p.r.IntN(2)] + "_live_" + p.pick(alnum, n)
	case typeSendGrid:
		v = "SG." + p.pick(base64URL, 21) + p.pick(alnum, 1) + "." + p.pick(base64URL, 42) + p.pick(alnum, 1)
	case typeNPM:
		v = p.checksummed("npm_")
	case typeOpenAI:
		if p.r.IntN(2) == 0 {
			v = "sk-" + p.pick(alnum, 20) + "T3BlbkFJ" + p.pick(alnum, 20)
		} else {
			v = "sk-proj-" + p.pick(base64URL, 73) + p.pick(alnum, 1) + "T3BlbkFJ" + p.pick(alnum, 1) + p.pick(base64URL, 72) + p.pick(alnum, 1)
		}
	case typeShopify:
		v = "shpat_" + p.pick(hexLower, 32)
	case typePyPI:
		v = "pypi-AgEIcHlwaS5vcmcCJ" + p.pick(base64URL, 154) + p.pick(alnum, 1)
	case typePrivateKey:
		block, err := p.privateKey()
		if err != nil {
			return "", nil, err
		}
		lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
		body := strings.Join(lines[1:len(lines)-1], "")
		body = strings.TrimRight(body, "=")
		// Not the very end: an OpenSSH key ends with its comment and padding.
		end := len(body) - 32
		return body[end-privateKeyExcerpt : end], lines, nil
	default:
		return "", nil, fmt.Errorf("unknown plant type %q", typ)
	}
	return v, []string{v}, nil
}

// privateKey returns a PEM block of a new key: Ed25519 in OpenSSH's
// openssh-key-v1 form (what ssh-keygen writes) or P-256 in SEC 1 form,
// alternately. Both parse with x/crypto/ssh, which trufflehog requires.
// (PKCS#8 Ed25519, "BEGIN PRIVATE KEY", is not planted: trufflehog
// v3.90.0 parses it but cannot fingerprint it, and drops it.)
func (p *planter) privateKey() (string, error) {
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = byte(p.r.Uint32())
	}
	p.keys++
	if p.keys%2 == 0 {
		block, _ := demo.OpenSSHEd25519(seed, p.r.Uint32(), "deploy@build-"+p.digits(2, 3))
		return block + "\n", nil
	}
	seed[0] &= 0x7f // below the P-256 group order
	k, err := ecdh.P256().NewPrivateKey(seed)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", err
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return "", err
	}
	sec1, err := x509.MarshalECPrivateKey(parsed.(*ecdsa.PrivateKey))
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})), nil
}

// wrap puts lines into one of several surroundings a credential is found
// in (.env, YAML, JSON, code, shell), with the name a developer would use.
// It returns the text and the 0-based index of the first value line in it.
func (p *planter) wrap(typ string, lines []string) ([]string, int) {
	names := map[string]string{
		typeGitHubPAT: "GITHUB_TOKEN", typeGitHubFine: "GH_PAT", typeGitLabPAT: "GITLAB_TOKEN",
		typeSlackBot: "SLACK_BOT_TOKEN", typeSlackWebhook: "SLACK_WEBHOOK_URL", typeStripe: "STRIPE_SECRET_KEY",
		typeSendGrid: "SENDGRID_API_KEY", typeNPM: "NPM_TOKEN", typeOpenAI: "OPENAI_API_KEY",
		typeShopify: "SHOPIFY_ACCESS_TOKEN", typePyPI: "PYPI_TOKEN",
	}
	p.n++
	if typ == typePrivateKey {
		switch p.keys % 3 {
		case 0:
			return append([]string{"# deploy key for the build host"}, lines...), 1
		case 1:
			out := []string{"ssh_key = \"\"\""}
			out = append(out, lines...)
			return append(out, "\"\"\""), 1
		default:
			out := []string{"  tls_key: |"}
			for _, l := range lines {
				out = append(out, "    "+l)
			}
			return out, 1
		}
	}
	name, v := names[typ], lines[0]
	lower := strings.ToLower(name)
	if typ == typeShopify {
		// A token is used with its shop's domain, which trufflehog requires.
		out, at := p.wrapLine(name, lower, v)
		shop := "# shop: " + strings.ToLower(p.pick(upperAlnum, 8)) + ".myshopify.com"
		return append([]string{shop}, out...), at + 1
	}
	return p.wrapLine(name, lower, v)
}

// wrapLine puts the value v of a setting called name (lower: in lower
// case) into one of five syntaxes; it returns the lines and the index of
// the value's line.
func (p *planter) wrapLine(name, lower, v string) ([]string, int) {
	switch p.n % 5 {
	case 0:
		return []string{"# service credentials", name + "=" + v}, 1
	case 1:
		return []string{"settings:", "  " + lower + ": " + v}, 1
	case 2:
		return []string{"  \"" + lower + "\": \"" + v + "\","}, 0
	case 3:
		return []string{lower + " = '" + v + "'  # TODO move to the vault"}, 0
	default:
		return []string{"export " + name + "=\"" + v + "\""}, 0
	}
}

// plantFile inserts n credentials into text at line ends spread evenly
// over it, and returns the new text and the plants with their lines.
func (p *planter) plantFile(text []byte, n int) ([]byte, []plant) {
	out := make([]byte, 0, len(text)+n*512)
	var plants []plant
	line := 1 // the line number of the next line written to out
	rest := text
	for k := range n {
		cut := len(text) * (2*k + 1) / (2 * n) // middle of the k-th n-th of the text
		cut -= len(text) - len(rest)
		if cut < 0 {
			cut = 0
		}
		if cut > len(rest) {
			cut = len(rest)
		}
		if nl := bytes.IndexByte(rest[cut:], '\n'); nl >= 0 {
			cut += nl + 1
		} else {
			cut = len(rest)
		}
		line += bytes.Count(rest[:cut], []byte("\n"))
		out = append(out, rest[:cut]...)
		rest = rest[cut:]
		typ := plantTypes[p.next%len(plantTypes)]
		p.next++
		v, vlines, err := p.value(typ)
		if err != nil {
			panic(err) // only on a bug in the key derivation above
		}
		wrapped, at := p.wrap(typ, vlines)
		plants = append(plants, plant{first: line + at, last: line + at + len(vlines) - 1, typ: typ, value: v})
		for _, l := range wrapped {
			out = append(out, l...)
			out = append(out, '\n')
		}
		line += len(wrapped)
	}
	return append(out, rest...), plants
}

// awsKey finds the AWS key ids that internal/demo plants ("AKIA" occurs
// nowhere else); each is followed on the next line by its secret.
var (
	awsKey    = regexp.MustCompile(`"aws_access_key_id":\s*"(AKIA[A-Z2-7]{16})"`)
	awsSecret = regexp.MustCompile(`^\s*"aws_secret_access_key":\s*"([A-Za-z0-9/+]{40})"`)
)

// awsPairs returns the AWS key pairs in text as two plants each.
func awsPairs(text []byte) []plant {
	var out []plant
	for _, m := range awsKey.FindAllSubmatchIndex(text, -1) {
		line := 1 + bytes.Count(text[:m[0]], []byte("\n"))
		out = append(out, plant{first: line, last: line, typ: typeAWSKeyID, value: string(text[m[2]:m[3]])})
		next := text[m[1]:]
		if i := bytes.IndexByte(next, '\n'); i >= 0 {
			next = next[i+1:]
			if j := bytes.IndexByte(next, '\n'); j >= 0 {
				next = next[:j]
			}
			if s := awsSecret.FindSubmatch(next); s != nil {
				out = append(out, plant{first: line + 1, last: line + 1, typ: typeAWSSecret, value: string(s[1])})
			}
		}
	}
	return out
}
