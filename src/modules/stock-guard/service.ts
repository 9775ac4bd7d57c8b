/**
 * The oversell guard lives in PostgreSQL (see `migrations/`): a trigger on Medusa's
 * `reservation_item` table refuses a reservation that, with the live reservations of the same
 * inventory item at the same location, would hold more than is stocked there. Medusa 2.21.2
 * checks each reserved line on its own (medusajs/medusa #16569, #16502), so two lines of one cart
 * drawing on one inventory item could reserve more than is left. In the database the check holds
 * for every server process and every path that reserves stock.
 *
 * The module exists to own that migration; its service has nothing to do at run time.
 */
export default class StockGuardService {}

/** The hint the guard's trigger raises its refusal with: what identifies the refusal. */
export const OVERSELL_HINT = "zoco_oversell_guard"

/** The item and location in the guard's message, as PostgreSQL reports it. */
export const OUT_OF_STOCK = /Not enough stock available for item (\S+) at location (\S+)/
