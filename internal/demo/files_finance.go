package demo

// financeSpecs returns the payment files with planted card numbers.
func financeSpecs() []spec {
	return []spec{
		{key: "finance/payments-2026-10.csv", build: paymentsCSV},
		{key: "finance/refunds-2026-10.csv", build: refundsCSV},
	}
}

// paymentsCSV is a payment processor export with full card numbers, in the
// formats people paste them: bare, grouped with spaces or with dashes.
func paymentsCSV(d *doc, g *gen, w *world) {
	d.add("payment_id,created_at,customer_id,customer_email,cardholder_name,card_brand,card_number,card_exp,amount,currency,status\n")
	for i := range 44 {
		c := w.customers[i%len(w.customers)]
		if i == 40 {
			c = w.customers[5] // the duplicate charge of ticket 48213
		}
		status := "succeeded"
		if g.chance(0.1) {
			status = g.pick([]string{"failed", "disputed", "refunded"})
		}
		d.add("pay_", g.token(base64Chars[:62], 14), ",", g.october(), "T", g.clock(), "Z,",
			c.id, ",", email(c.email), ",", c.name(), ",", c.network, ",",
			cardNo(g.styleCard(c.card)), ",", c.expiry, ",", g.amount(9, 2400), ",USD,", status, "\n")
	}
}

// refundsCSV lists refunds with masked card numbers (not planted) and the
// customers' e-mail addresses.
func refundsCSV(d *doc, g *gen, w *world) {
	d.add("refund_id,payment_date,customer_email,card,amount,reason,approved_by\n")
	reasons := []string{"duplicate", "requested_by_customer", "fraudulent", "service_outage"}
	for _, c := range w.customers[3:15] {
		d.add("re_", g.token(base64Chars[:62], 12), ",", g.october(), ",", email(c.email), ",",
			c.network, " ending ", c.card[len(c.card)-4:], ",", g.amount(9, 400), ",",
			g.pick(reasons), ",", email(w.staff[g.r.IntN(len(w.staff))].email), "\n")
	}
}
