package demo

import "strings"

// The word lists behind the generated people, places and products. They are
// constants so that the package has no mutable state; newTables splits them.
const (
	// firstNames and lastNames are "Display:ascii" pairs; the ASCII form
	// builds e-mail local parts.
	firstNames = `Maria:maria James:james Aiko:aiko Chen:chen Priya:priya Oliver:oliver
		Fatima:fatima Lucas:lucas Sofía:sofia Noah:noah Amara:amara Ethan:ethan Hana:hana
		Mateo:mateo Zoë:zoe Liam:liam Grace:grace Diego:diego Ingrid:ingrid Kwame:kwame
		Elena:elena Samuel:samuel Yuki:yuki Omar:omar Chloé:chloe Daniel:daniel Leila:leila
		Marcus:marcus Anika:anika Tomás:tomas Rachel:rachel Jonas:jonas Mei:mei Victor:victor
		Nadia:nadia Henry:henry Isabela:isabela Ravi:ravi Clara:clara Felix:felix Dana:dana
		Andrés:andres Julia:julia Kenji:kenji Olivia:olivia Björn:bjorn Laura:laura Emeka:emeka
		Sarah:sarah Paul:paul Renée:renee Arjun:arjun Megan:megan Stefan:stefan Lucía:lucia`
	lastNames = `García:garcia Smith:smith Tanaka:tanaka Wang:wang Patel:patel Johnson:johnson
		Haddad:haddad Silva:silva Müller:muller Brown:brown Okafor:okafor Nguyen:nguyen
		Kowalski:kowalski Rossi:rossi O'Brien:obrien Lindqvist:lindqvist Mensah:mensah
		Fernández:fernandez Kim:kim Dubois:dubois Novak:novak Hernández:hernandez
		Sato:sato Williams:williams Schmidt:schmidt Khan:khan Jensen:jensen Moreau:moreau
		Costa:costa Ivanova:ivanova Whitfield:whitfield Yamamoto:yamamoto Baker:baker
		Andersson:andersson Chaudhry:chaudhry Reyes:reyes Park:park Fischer:fischer
		Murphy:murphy Sørensen:sorensen Davies:davies Alvarez:alvarez Cohen:cohen Ito:ito
		Walker:walker Bianchi:bianchi Mbeki:mbeki Larsen:larsen Lopez:lopez Hughes:hughes`
	// consumerDomains host customers' personal addresses.
	consumerDomains = `mailbox.example inbox.example fastpost.example northwind.example
		globex-mail.example contoso.example fabrikam.example postbox.example`
	cities = `Seattle Austin Denver Boston Chicago Portland Atlanta Phoenix Raleigh Madison
		Oakland Columbus Tampa Omaha Tucson`
	departments = `Engineering Finance Sales Support Marketing Operations Legal People Security`
	titles      = `Engineer Analyst Manager Specialist Director Associate Lead Coordinator`
	products    = `Starter Team Business Enterprise`
	words       = `invoice ledger customer account payment order report export shipment
		refund profile session billing tenant receipt quota audit`
	// userAgents holds one user agent per line.
	userAgents = `Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15
		Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36
		Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0
		Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148
		curl/8.10.1
		python-requests/2.32.3
		Go-http-client/2.0`
)

// name is a person's given or family name, as written and as ASCII.
type name struct {
	display string
	ascii   string
}

// tables holds the parsed word lists. It is read-only once built.
type tables struct {
	first, last                    []name
	domains, cities, depts, titles []string
	products, words, agents        []string
}

// newTables parses the word lists.
func newTables() *tables {
	return &tables{
		first:    names(firstNames),
		last:     names(lastNames),
		domains:  strings.Fields(consumerDomains),
		cities:   strings.Fields(cities),
		depts:    strings.Fields(departments),
		titles:   strings.Fields(titles),
		products: strings.Fields(products),
		words:    strings.Fields(words),
		agents:   lines(userAgents),
	}
}

// lines splits list into its trimmed lines.
func lines(list string) []string {
	var out []string
	for l := range strings.Lines(list) {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

// names parses "Display:ascii" pairs separated by white space.
func names(list string) []name {
	var out []name
	for _, f := range strings.Fields(list) {
		display, ascii, _ := strings.Cut(f, ":")
		out = append(out, name{display: display, ascii: ascii})
	}
	return out
}
