// A Store API route, behind Medusa's publishable-key check.
module.exports = { GET: (_req, res) => res.json({ things: [] }) }
