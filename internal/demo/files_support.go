package demo

import "strconv"

// usersJSON is one page of a user API dumped to a file.
func usersJSON(d *doc, g *gen, w *world) {
	d.add("{\n  \"object\": \"list\",\n  \"url\": \"/v1/users?page=1\",\n  \"has_more\": true,\n  \"data\": [\n")
	for i, c := range w.customers[:18] {
		if i > 0 {
			d.add(",\n")
		}
		d.add("    {\n",
			"      \"id\": \"usr_", g.hex(16), "\",\n",
			"      \"name\": \"", c.name(), "\",\n",
			"      \"email\": \"", email(c.email), "\",\n",
			"      \"plan\": \"", c.plan, "\",\n",
			"      \"created\": \"", strconv.Itoa(g.n(2019, 2025)), "-", pad(g.n(1, 12), 2), "-", pad(g.n(1, 28), 2),
			"T", g.clock(), "Z\",\n",
			"      \"last_login_ip\": \"", g.ip(), "\",\n",
			"      \"mfa_enabled\": ", g.pick([]string{"true", "false"}), "\n",
			"    }")
	}
	d.add("\n  ]\n}\n")
}

// supportEML is a support agent's message forwarding a customer's mail in
// which the customer pasted a full card number.
func supportEML(d *doc, g *gen, w *world) {
	agent, c := w.staff[7], w.customers[5]
	d.add("Return-Path: <", email(agent.email), ">\r\n",
		"Received: from mail.", companyDomain, " (mail.", companyDomain, " [10.20.3.4])\r\n",
		"\tby mx.", companyDomain, " with ESMTPS; Mon, 12 Oct 2026 14:03:11 +0000\r\n",
		"From: ", agent.name(), " <", email(agent.email), ">\r\n",
		"To: ", email("billing-escalations@"+companyDomain), "\r\n",
		"Cc: ", email("support@"+companyDomain), "\r\n",
		"Subject: Fwd: Charged twice?? (ticket 48213)\r\n",
		"Date: Mon, 12 Oct 2026 14:03:11 +0000\r\n",
		"MIME-Version: 1.0\r\n",
		"Content-Type: text/plain; charset=utf-8\r\n",
		"Content-Transfer-Encoding: 8bit\r\n",
		"X-Ticket-ID: 48213\r\n\r\n",
		"Hi team,\r\n\r\n",
		"Forwarding the thread below. The customer pasted a full card number into the\r\n",
		"ticket; please check the duplicate payment and then redact the ticket.\r\n\r\n",
		"Thanks,\r\n", agent.first.display, "\r\n\r\n",
		"---------- Forwarded message ---------\r\n",
		"From: ", c.name(), " <", email(c.email), ">\r\n",
		"Date: Sun, 11 Oct 2026 at 21:47\r\n",
		"Subject: Charged twice??\r\n",
		"To: ", email("support@"+companyDomain), "\r\n\r\n",
		"Hello,\r\n\r\n",
		"I was charged twice for my ", c.plan, " plan this month (2 × 49.00 USD). The card\r\n",
		"is ", cardNo(formatCard(c.card, " ")), ", exp ", c.expiry, ". My account e-mail is\r\n",
		email(c.email), " and you can reach me at ", phone(c.phone), ".\r\n\r\n",
		"Please refund the duplicate charge.\r\n\r\n",
		c.name(), "\r\n")
}
