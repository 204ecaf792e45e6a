package demo

import "strconv"

// peopleSpecs returns the HR, CRM, marketing and support files.
func peopleSpecs() []spec {
	return []spec{
		{key: "hr/employees.csv", build: employeesCSV},
		{key: "hr/payroll-2026-10.csv", build: payrollCSV},
		{key: "hr/benefits-enrollment-2027.txt", enc: utf16LE, build: benefitsExport},
		{key: "hr/onboarding.md", build: onboardingMD},
		{key: "crm/contacts-export.vcf", build: contactsVCF},
		{key: "marketing/newsletter-subscribers.csv", build: subscribersCSV},
		{key: "exports/api-users-2026-11-01.json", build: usersJSON},
		{key: "support/ticket-48213-chargeback.eml", build: supportEML},
	}
}

// cents formats an amount in cents as 1234.56.
func cents(c int) string {
	return strconv.Itoa(c/100) + "." + pad(c%100, 2)
}

func employeesCSV(d *doc, g *gen, w *world) {
	d.add("employee_id,first_name,last_name,email,ssn,phone,department,title,office,hire_date,date_of_birth,annual_salary\n")
	for _, e := range w.staff {
		d.add(e.id, ",", e.first.display, ",", e.last.display, ",", email(e.email), ",",
			ssn(e.ssn), ",", phone(e.phone), ",", e.dept, ",", e.title, ",", e.city, ",",
			e.hired, ",", e.born, ",", e.salary, "\n")
	}
}

func payrollCSV(d *doc, g *gen, w *world) {
	d.add("pay_period,employee_id,name,ssn,gross_pay,federal_withholding,state_withholding,net_pay,deposit_account\n")
	for _, e := range w.staff {
		gross := e.salary * 100 / 12
		fed, state := gross*18/100, gross*5/100
		d.add("2026-10,", e.id, ",", e.name(), ",", ssn(e.ssn), ",", cents(gross), ",",
			cents(fed), ",", cents(state), ",", cents(gross-fed-state), ",****", g.digits(4), "\n")
	}
}

// benefitsExport is the report of a benefits portal, saved by a Windows
// tool as UTF-16 with dependents' SSNs as well as the employees'.
func benefitsExport(d *doc, g *gen, w *world) {
	d.add("ACME CORP — BENEFITS ENROLLMENT EXPORT\r\n",
		"Plan year: 2027    Generated: 2026-11-02 08:14 by benefits-portal 4.2.1\r\n",
		"======================================================================\r\n")
	plans := []string{"PPO Gold", "PPO Silver", "HDHP + HSA", "HMO Select"}
	for _, e := range w.staff[:14] {
		d.add("\r\nEmployee: ", e.name(), " (", e.id, ")\r\n",
			"  SSN: ", ssn(e.ssn), "    Date of birth: ", e.born, "\r\n",
			"  E-mail: ", email(e.email), "\r\n",
			"  Medical plan: ", g.pick(plans), " — ")
		if !g.chance(0.6) {
			d.add("employee only\r\n")
			continue
		}
		spouse := g.people(1)[0]
		d.add("employee + family\r\n",
			"  Dependent: spouse ", spouse.first.display, " ", e.last.display, ", SSN ", ssn(g.ssn()), "\r\n")
		if g.chance(0.5) {
			d.add("  Dependent: child ", g.pick([]string{"Leo", "Mia", "Ana", "Sam", "Noé"}), " ",
				e.last.display, ", SSN ", ssn(g.ssn()), ", born ", strconv.Itoa(g.n(2010, 2024)), "\r\n")
		}
	}
	d.add("\r\nEnd of export: 14 employees.\r\n")
}

func onboardingMD(d *doc, g *gen, w *world) {
	partner, it := w.staff[3], w.staff[11]
	d.add("# Welcome to Acme Corp\n\n",
		"This page walks new hires through their first week. Last reviewed 2026-09-30.\n\n",
		"## Before day one\n\n",
		"1. Sign the offer letter and the NDA in the HR portal.\n",
		"2. Send a scan of your I-9 documents to ", email("people-team@"+companyDomain),
		" (never by chat).\n",
		"3. Pick your laptop: MacBook Pro 14\" or ThinkPad X1 Gen 12.\n\n",
		"## Who to ask\n\n",
		"| topic | contact |\n| --- | --- |\n",
		"| payroll and benefits | ", partner.name(), ", ", email(partner.email), " |\n",
		"| laptop, accounts, VPN | ", it.name(), ", ", email(it.email), " |\n",
		"| anything else | ", email("hr-help@"+companyDomain), " |\n\n",
		"## First week\n\n",
		"- Day 1: accounts, security training (about 45 minutes), team lunch.\n",
		"- Day 2–3: shadow a teammate; read the architecture docs.\n",
		"- Day 5: first 1:1 with your manager.\n")
}

func contactsVCF(d *doc, g *gen, w *world) {
	for _, c := range w.customers[:16] {
		d.add("BEGIN:VCARD\r\nVERSION:3.0\r\n",
			"N:", c.last.display, ";", c.first.display, ";;;\r\n",
			"FN:", c.name(), "\r\n",
			"ORG:", g.pick([]string{"Northwind Traders", "Globex", "Initech", "Umbrella Retail", "Hooli"}), "\r\n",
			"EMAIL;TYPE=INTERNET,WORK:", email(c.email), "\r\n",
			"TEL;TYPE=CELL:", phone(c.phone), "\r\n",
			"ADR;TYPE=WORK:;;", strconv.Itoa(g.n(10, 9999)), " ", g.pick(g.t.words), " St;", c.city, ";;;USA\r\n",
			"NOTE:Plan ", c.plan, ", customer since ", strconv.Itoa(g.n(2018, 2026)), "\r\n",
			"END:VCARD\r\n")
	}
}

func subscribersCSV(d *doc, g *gen, w *world) {
	d.add("email,first_name,subscribed_at,source,consent\n")
	sources := []string{"website-footer", "webinar-2026-09", "trade-show", "checkout"}
	for _, c := range w.customers {
		if g.chance(0.3) {
			continue
		}
		d.add(email(c.email), ",", c.first.display, ",", g.date(), "T", g.clock(), "Z,",
			g.pick(sources), ",", g.pick([]string{"yes", "yes", "double-opt-in"}), "\n")
	}
	for _, p := range g.people(10) {
		d.add(email(g.personalEmail(p)), ",", p.first.display, ",", g.date(), "T", g.clock(), "Z,",
			g.pick(sources), ",yes\n")
	}
}
