package demo

import "strconv"

// person is a generated person.
type person struct {
	first, last name
}

// name returns the person's full name as written.
func (p person) name() string { return p.first.display + " " + p.last.display }

// employee is one member of staff of the fictional company, Acme Corp.
// The same employees appear in every HR file.
type employee struct {
	person
	id, email, ssn, phone string
	dept, title, city     string
	hired, born           string
	salary                int
}

// customer is one of Acme's customers. The same customers appear in the
// payment, support and CRM files.
type customer struct {
	person
	id, email, phone string
	network, card    string // card digits only
	expiry, city     string
	plan             string
}

// world is what the files of the data set share.
type world struct {
	t         *tables
	staff     []employee
	customers []customer
}

// companyDomain is the fictional company's mail domain.
const companyDomain = "acme-corp.example"

// newWorld generates the staff and customers.
func newWorld(t *tables) *world {
	g := newGen(t, seed, "world")
	w := &world{t: t}
	for i, p := range g.people(28) {
		w.staff = append(w.staff, g.employee(p, 10200+7*i))
	}
	nets := networks()
	for i, p := range g.people(36) {
		w.customers = append(w.customers, g.customer(p, 48100+13*i, nets[i%len(nets)]))
	}
	return w
}

// people returns n people with distinct names.
func (g *gen) people(n int) []person {
	seen := map[string]bool{}
	var out []person
	for len(out) < n {
		p := person{first: g.t.first[g.r.IntN(len(g.t.first))], last: g.t.last[g.r.IntN(len(g.t.last))]}
		if k := p.first.ascii + "." + p.last.ascii; !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// employee returns the staff record of p.
func (g *gen) employee(p person, id int) employee {
	return employee{
		person: p,
		id:     "E" + strconv.Itoa(id),
		email:  p.first.ascii + "." + p.last.ascii + "@" + companyDomain,
		ssn:    g.ssn(),
		phone:  g.phone(),
		dept:   g.pick(g.t.depts),
		title:  g.pick(g.t.titles),
		city:   g.pick(g.t.cities),
		hired:  strconv.Itoa(g.n(2014, 2026)) + "-" + pad(g.n(1, 12), 2) + "-" + pad(g.n(1, 28), 2),
		born:   strconv.Itoa(g.n(1962, 2002)) + "-" + pad(g.n(1, 12), 2) + "-" + pad(g.n(1, 28), 2),
		salary: 1000 * g.n(58, 240),
	}
}

// customer returns the customer record of p, who pays with a card of the
// network.
func (g *gen) customer(p person, id int, network string) customer {
	return customer{
		person:  p,
		id:      "cus_" + strconv.Itoa(id),
		email:   g.personalEmail(p),
		phone:   g.phone(),
		network: network,
		card:    g.card(network),
		expiry:  g.expiry(),
		city:    g.pick(g.t.cities),
		plan:    g.pick(g.t.products),
	}
}

// personalEmail returns a personal address of p in one of the usual shapes.
func (g *gen) personalEmail(p person) string {
	f, l := p.first.ascii, p.last.ascii
	var local string
	switch g.r.IntN(4) {
	case 0:
		local = f + "." + l
	case 1:
		local = f[:1] + l
	case 2:
		local = f + "_" + l + strconv.Itoa(g.n(10, 99))
	default:
		local = f + l + strconv.Itoa(g.n(1970, 2001))
	}
	return local + "@" + g.pick(g.t.domains)
}
