'use strict';

const express = require('express');
const app = express();

const carts = new Map();

function total(items) {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

app.use(express.json());

app.post('/cart/:id/items', (req, res) => {
  const items = carts.get(req.params.id) || [];
  items.push({ sku: req.body.sku, price: Number(req.body.price), quantity: req.body.quantity || 1 });
  carts.set(req.params.id, items);
  res.json({ items, total: total(items) });
});

app.get('/cart/:id', function (req, res) {
  const items = carts.get(req.params.id);
  if (!items) {
    return res.status(404).send({ error: 'no such cart' });
  }
  res.send({ items, total: total(items) });
});

module.exports = app;
