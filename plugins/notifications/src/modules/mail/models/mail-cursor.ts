import { model } from "@medusajs/framework/utils"

/**
 * How far the events that call for mail have been checked against the outbox (see
 * `reconcileMails`). Its migration writes the row `events` at the time the module is installed,
 * so a shop that adds the plugin is not mailed about what happened before.
 */
const MailCursor = model.define("mail_cursor", {
  id: model.text().primaryKey(),
  through: model.dateTime(),
})

export default MailCursor
