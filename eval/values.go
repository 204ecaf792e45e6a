package eval

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// kind is one sort of value the corpus plants: a positive of a finding
// type, or (typ "") a look-alike that no detector should report.
type kind struct {
	typ string
	// gen returns the value as it appears in text.
	gen func(r *rand.Rand, km *keyMaterial) string
	// labels are what a person writes before the value ("SSN", "Phone").
	labels []string
	// keys are machine names: CSV columns, JSON keys, variables.
	keys []string
	// prose are sentences, {v} standing for the value.
	prose []string
	// block values span several lines (PEM); they are not put in CSV cells.
	block bool
}

var givenNames = []string{
	"James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "William", "Elizabeth",
	"Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Matthew", "Nancy",
	"Anthony", "Lisa", "Mark", "Emily", "Steven", "Ashley", "Andrew", "Michelle", "Kevin", "Amanda",
	"Brian", "Melissa", "George", "Rebecca", "Edward", "Laura", "Ryan", "Megan", "Jacob", "Rachel",
	"Carlos", "Maria", "Luis", "Ana", "Ahmed", "Fatima", "Wei", "Priya", "Rahul", "Olga",
}

// intlGiven and intlSurnames are names with letters outside ASCII or with
// apostrophes: a name detector should not need plain ASCII.
var intlGiven = []string{"José", "Zoë", "Chloé", "Renée", "Jürgen", "Søren", "Åsa", "Łukasz", "Siân", "Seán", "Inés", "François", "Björn", "Mónica", "Thảo"}
var intlSurnames = []string{"Müller", "García", "Nguyễn", "O'Brien", "Sánchez", "Øvergård", "Kowalczyk", "Dvořák", "Gómez", "Schröder", "Núñez", "D'Angelo", "Jiménez", "Lefèvre", "Şahin"}

var surnames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
	"Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
	"Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams",
	"Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
	"Patel", "Kim", "Chen", "Singh", "Hernandez", "Lopez", "Gonzalez", "Rivera", "Murphy", "Cooper",
}

var jpNames = []string{"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太", "伊藤 陽子", "渡辺 直樹", "中村 さくら"}

func personName(r *rand.Rand) string {
	g, s := pick(r, givenNames), pick(r, surnames)
	switch r.IntN(10) {
	case 0:
		g = pick(r, intlGiven)
	case 1:
		s = pick(r, intlSurnames)
	case 2:
		return g + " " + string(upper[r.IntN(26)]) + ". " + s
	}
	return g + " " + s
}

var usStreets = []string{"Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset", "Lincoln", "Madison", "Jefferson", "Highland", "Willow", "Mission", "Market", "Franklin", "Spring"}
var usSuffixes = []string{"Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Way", "Place"}

type usCity struct{ city, state, zip3 string }

var usCities = []usCity{
	{"San Francisco", "CA", "941"}, {"Los Angeles", "CA", "900"}, {"Seattle", "WA", "981"}, {"Portland", "OR", "972"},
	{"Austin", "TX", "787"}, {"Houston", "TX", "770"}, {"Chicago", "IL", "606"}, {"Boston", "MA", "021"},
	{"New York", "NY", "100"}, {"Brooklyn", "NY", "112"}, {"Denver", "CO", "802"}, {"Phoenix", "AZ", "850"},
	{"Atlanta", "GA", "303"}, {"Miami", "FL", "331"}, {"Columbus", "OH", "432"}, {"Madison", "WI", "537"},
}

func usZip(r *rand.Rand, c usCity) string {
	z := c.zip3 + randDigits(r, 2)
	if r.IntN(5) == 0 {
		z += "-" + randDigits(r, 4)
	}
	return z
}

func usAddress(r *rand.Rand) string {
	c := pick(r, usCities)
	street := fmt.Sprintf("%d %s %s", 1+r.IntN(9899), pick(r, usStreets), pick(r, usSuffixes))
	if r.IntN(4) == 0 {
		street += pick(r, []string{", Apt ", ", Suite ", " #", ", Unit "}) + fmt.Sprint(1+r.IntN(400))
	}
	return fmt.Sprintf("%s, %s, %s %s", street, c.city, c.state, usZip(r, c))
}

var ukTowns = []struct{ town, area string }{
	{"London", "SW1A"}, {"London", "EC1A"}, {"Manchester", "M1"}, {"Leeds", "LS1"}, {"Bristol", "BS1"},
	{"Edinburgh", "EH1"}, {"Cardiff", "CF10"}, {"Oxford", "OX1"}, {"Cambridge", "CB2"}, {"York", "YO1"},
}

func ukPostcode(r *rand.Rand) string {
	t := pick(r, ukTowns)
	return t.area + " " + fmt.Sprint(r.IntN(10)) + randFrom(r, "ABDEFGHJLNPQRSTUWXYZ", 2)
}

func ukAddress(r *rand.Rand) string {
	t := pick(r, ukTowns)
	pc := t.area + " " + fmt.Sprint(r.IntN(10)) + randFrom(r, "ABDEFGHJLNPQRSTUWXYZ", 2)
	st := pick(r, []string{"High Street", "Church Road", "Station Road", "Victoria Road", "Green Lane", "Manor Road", "Park Avenue", "Queen Street", "Mill Lane", "Kings Road"})
	return fmt.Sprintf("%d %s, %s %s", 1+r.IntN(250), st, t.town, pc)
}

func caPostal(r *rand.Rand) string {
	l := "ABCEGHJKLMNPRSTVXY"
	return string(l[r.IntN(len(l))]) + fmt.Sprint(r.IntN(10)) + string(l[r.IntN(len(l))]) + " " +
		fmt.Sprint(r.IntN(10)) + string(l[r.IntN(len(l))]) + fmt.Sprint(r.IntN(10))
}

func caAddress(r *rand.Rand) string {
	c := pick(r, []string{"Toronto, ON", "Ottawa, ON", "Vancouver, BC", "Montreal, QC", "Calgary, AB", "Halifax, NS"})
	return fmt.Sprintf("%d %s %s, %s %s", 1+r.IntN(3000), pick(r, []string{"Bay", "King", "Queen", "Yonge", "Granville", "Sherbrooke", "Jasper"}),
		pick(r, []string{"Street", "St", "Avenue", "Road"}), c, caPostal(r))
}

func deAddress(r *rand.Rand) string {
	st := pick(r, []string{"Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schillerstr.", "Goethestraße", "Lindenallee", "Am Markt", "Berliner Straße"})
	city := pick(r, []string{"10115 Berlin", "80331 München", "20095 Hamburg", "50667 Köln", "60311 Frankfurt am Main", "70173 Stuttgart"})
	return fmt.Sprintf("%s %d, %s", st, 1+r.IntN(150), city)
}

func frAddress(r *rand.Rand) string {
	st := pick(r, []string{"rue de la Paix", "avenue des Champs-Élysées", "boulevard Saint-Germain", "rue Victor Hugo", "place Bellecour", "rue de Rivoli"})
	city := pick(r, []string{"75002 Paris", "75008 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse", "33000 Bordeaux"})
	return fmt.Sprintf("%d %s, %s", 1+r.IntN(120), st, city)
}

func jpAddress(r *rand.Rand) string {
	return pick(r, []string{"東京都千代田区丸の内", "大阪府大阪市北区梅田", "神奈川県横浜市西区みなとみらい", "愛知県名古屋市中区栄", "福岡県福岡市博多区博多駅前"}) +
		fmt.Sprintf("%d-%d-%d", 1+r.IntN(9), 1+r.IntN(20), 1+r.IntN(30))
}

func postalAddress(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0, 1, 2, 3:
		return usAddress(r)
	case 4, 5:
		return ukAddress(r)
	case 6:
		return caAddress(r)
	case 7:
		return deAddress(r)
	case 8:
		return frAddress(r)
	default:
		return jpAddress(r)
	}
}

var areaCodes = []string{"212", "213", "312", "415", "503", "617", "646", "702", "206", "305", "404", "512", "602", "713", "720", "801", "858", "919", "971", "703"}

func nanp(r *rand.Rand) (a, e, l string) {
	a = pick(r, areaCodes)
	for {
		e = fmt.Sprint(2+r.IntN(8)) + randDigits(r, 2)
		if e != "555" && e[1:] != "11" {
			break
		}
	}
	return a, e, randDigits(r, 4)
}

func phone(r *rand.Rand) string {
	a, e, l := nanp(r)
	switch r.IntN(10) {
	case 0, 1:
		return "(" + a + ") " + e + "-" + l
	case 2, 3:
		return a + "-" + e + "-" + l
	case 4:
		return a + "." + e + "." + l
	case 5:
		return "+1 " + a + " " + e + " " + l
	case 6:
		return "+1-" + a + "-" + e + "-" + l
	case 7:
		return pick(r, []string{"+44 20 7946 ", "+44 161 496 ", "+44 7911 12"}) + randDigits(r, 4)
	case 8:
		return pick(r, []string{"+49 30 ", "+33 1 ", "+61 2 "}) + randDigits(r, 4) + " " + randDigits(r, 4)
	default:
		if r.IntN(3) == 0 { // Yokohama: 45 and eight digits
			return "+81 45-" + fmt.Sprint(200+r.IntN(800)) + "-" + randDigits(r, 4)
		}
		return "+81 " + pick(r, []string{"3", "6"}) + "-" + fmt.Sprint(1000+r.IntN(9000)) + "-" + randDigits(r, 4)
	}
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func birthDate(r *rand.Rand) string {
	y, m, d := 1940+r.IntN(65), 1+r.IntN(12), 1+r.IntN(28)
	switch r.IntN(6) {
	case 0, 1:
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	case 2:
		return fmt.Sprintf("%02d/%02d/%d", m, d, y)
	case 3:
		return fmt.Sprintf("%s %d, %d", months[m-1], d, y)
	case 4:
		return fmt.Sprintf("%d %s %d", d, months[m-1], y)
	default:
		return fmt.Sprintf("%02d.%02d.%d", d, m, y)
	}
}

func ipv4(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
	case 1:
		return fmt.Sprintf("192.168.%d.%d", r.IntN(256), 1+r.IntN(254))
	}
	for {
		a := 11 + r.IntN(213)
		if a != 127 && a != 169 && a != 172 && a != 192 {
			return fmt.Sprintf("%d.%d.%d.%d", a, r.IntN(256), r.IntN(256), 1+r.IntN(254))
		}
	}
}

func ipv6(r *rand.Rand) string {
	g := func() string { return fmt.Sprintf("%x", r.IntN(0x10000)) }
	switch r.IntN(3) {
	case 0:
		parts := []string{pick(r, []string{"2a02", "2001", "2600", "2607", "2a00", "2406"})}
		for range 7 {
			parts = append(parts, g())
		}
		return strings.Join(parts, ":")
	case 1:
		return pick(r, []string{"2a02", "2001", "2600", "2607", "2a00"}) + ":" + g() + ":" + g() + "::" + g() + ":" + g()
	default:
		return "fe80::" + g() + ":" + g() + ":" + g() + ":" + g()
	}
}

func driverLicense(r *rand.Rand) string {
	switch r.IntN(5) {
	case 0:
		return string(upper[r.IntN(26)]) + randDigits(r, 7) // CA
	case 1:
		return randDigits(r, 9) // NY
	case 2:
		return fmt.Sprint(1+r.IntN(9)) + randDigits(r, 7) // TX
	case 3:
		return string(upper[r.IntN(26)]) + randDigits(r, 3) + "-" + randDigits(r, 3) + "-" + randDigits(r, 2) + "-" + randDigits(r, 3) + "-" + randDigits(r, 1) // FL
	default:
		return string(upper[r.IntN(26)]) + randDigits(r, 11) // IL
	}
}

func passportUS(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return fmt.Sprint(1+r.IntN(9)) + randDigits(r, 8)
	}
	return string("ACEFGHJKLMNPRSTUVWXYZ"[r.IntN(21)]) + randDigits(r, 8)
}

var bankCodes = []string{"DEUT", "BNPA", "CHAS", "HSBC", "BARC", "COBA", "UBSW", "MIDL", "CITI", "BOFA", "NWBK", "INGB", "RABO", "SOGE", "CRES", "BKCH"}
var bicCountries = []string{"DE", "FR", "US", "GB", "CH", "NL", "JP", "HK", "IT", "ES", "CN"}

func swiftBIC(r *rand.Rand) string {
	b := pick(r, bankCodes) + pick(r, bicCountries) + randFrom(r, upper+"23456789", 2)
	switch r.IntN(3) {
	case 0:
		b += "XXX"
	case 1:
		b += randFrom(r, upper+digits, 3)
	}
	return b
}

func jwtToken(r *rand.Rand) string {
	enc := base64.RawURLEncoding
	alg := pick(r, []string{"HS256", "RS256", "ES256"})
	hdr, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT"})
	claims, _ := json.Marshal(map[string]any{
		"sub": randDigits(r, 8), "name": personName(r), "iat": 1700000000 + r.IntN(50000000),
		"iss": pick(r, []string{"https://auth.acme-corp.io", "accounts.internal", "login.example-shop.net"}),
	})
	sigLen := map[string]int{"HS256": 32, "RS256": 256, "ES256": 64}[alg]
	sig := make([]byte, sigLen)
	for i := range sig {
		sig[i] = byte(r.IntN(256))
	}
	return enc.EncodeToString(hdr) + "." + enc.EncodeToString(claims) + "." + enc.EncodeToString(sig)
}

func password(r *rand.Rand) string {
	words := []string{"Winter", "purple", "Falcon", "river", "Coffee", "tiger", "Summer", "orbit", "Maple", "quartz"}
	switch r.IntN(3) {
	case 0:
		return pick(r, words) + fmt.Sprint(r.IntN(10000)) + string("!@#$%&*?"[r.IntN(8)]) + pick(r, words)
	case 1:
		return randFrom(r, base62+"!@#%^&*-_", 12+r.IntN(10))
	default:
		return pick(r, words) + "-" + pick(r, words) + "-" + pick(r, words) + fmt.Sprint(r.IntN(100))
	}
}

func credURL(r *rand.Rand) string {
	scheme := pick(r, []string{"postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqp", "https", "ftp"})
	user := pick(r, []string{"admin", "app", "svc_reporting", "deploy", "root", "etl_user"})
	pw := randFrom(r, base62, 10+r.IntN(12))
	host := pick(r, []string{"db.internal.acme-corp.io", "10.20.3.4", "prod-cluster.x7k2p.mongodb.net", "cache-01.prod.local", "mq.svc.cluster.local", "files.partner-site.com"})
	path := pick(r, []string{"/app", "/orders", "", "/0", "/vhost", "/exports"})
	return scheme + "://" + user + ":" + pw + "@" + host + path
}

func gcpServiceAccount(r *rand.Rand, km *keyMaterial) (obj string, pemStart, pemEnd int, email string, emailStart int) {
	proj := pick(r, []string{"acme-analytics", "billing-prod-4411", "ml-pipeline-dev"})
	email = pick(r, []string{"etl-runner", "deployer", "bq-reader"}) + "@" + proj + ".iam.gserviceaccount.com"
	keyJSON, _ := json.Marshal(km.privateKeyPEMPKCS8())
	head := "{\n  \"type\": \"service_account\",\n  \"project_id\": \"" + proj + "\",\n  \"private_key_id\": \"" + randFrom(r, hexLower, 40) + "\",\n  \"private_key\": "
	obj = head + string(keyJSON)
	pemStart, pemEnd = len(head)+1, len(obj)-1
	obj += ",\n  \"client_email\": \""
	emailStart = len(obj)
	obj += email + "\",\n  \"client_id\": \"" + randDigits(r, 21) + "\",\n  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}"
	return obj, pemStart, pemEnd, email, emailStart
}
