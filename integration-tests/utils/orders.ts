import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** Orders placed by one buyer, read from the database rather than from API responses. */
export async function ordersOf(container: MedusaContainer, email: string) {
  const orders = await container.resolve(Modules.ORDER).listOrders({}, { select: ["id", "email"] })
  return orders.filter((o) => o.email === email)
}
