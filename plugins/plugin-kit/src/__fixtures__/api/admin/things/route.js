// An admin route, behind Medusa's authentication.
module.exports = { GET: (_req, res) => res.json({ things: [] }) }
