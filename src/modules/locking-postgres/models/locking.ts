import { model } from "@medusajs/framework/utils"

/** The same table as Medusa's PostgreSQL locking provider: one row per held key. */
const Locking = model.define("Locking", {
  id: model.id({ prefix: "lk" }).primaryKey(),
  owner_id: model.text().nullable(),
  expiration: model.dateTime().nullable(),
})

export default Locking
