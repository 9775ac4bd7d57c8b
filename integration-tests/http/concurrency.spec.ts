import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { cartWithPaymentSession, inStockVariant, listProducts } from "../utils/checkout"
import { ordersOf } from "../utils/orders"
import { seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    async function paidCart(variantId: string, email: string) {
      const { cartId } = await cartWithPaymentSession(api, shop.publishableKey, {
        region: shop.regions.europe,
        items: [{ variant_id: variantId, quantity: 1 }],
        email,
      })
      return cartId
    }

    it("50 simultaneous completions of one cart place exactly one order", async () => {
      const email = "impatient@zoco.test"
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const cartId = await paidCart(inStockVariant(products).variant.id, email)

      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          api.post(
            `/store/carts/${cartId}/complete`,
            {},
            {
              ...storeHeaders(shop.publishableKey),
              validateStatus: () => true,
            }
          )
        )
      )
      const statuses = responses.map((r) => r.status)
      expect(statuses.filter((s) => s >= 500)).toEqual([])
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true)
      const orders = await ordersOf(getContainer(), email)
      expect(orders).toHaveLength(1)
      for (const res of responses.filter((r) => r.status === 200)) {
        expect(res.data.order?.id).toBe(orders[0].id)
      }
      // One payment authorized for the cart, not one per attempt.
      const {
        data: [cart],
      } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({
          entity: "cart",
          fields: ["payment_collection.payments.id"],
          filters: { id: cartId },
        })
      expect(cart.payment_collection?.payments).toHaveLength(1)
    })

    it("with 5 in stock and 30 buyers at once, exactly 5 are sold", async () => {
      const container = getContainer()
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { variant } = inStockVariant(products, 1)
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [withInventory],
      } = await query.graph({
        entity: "product_variant",
        fields: ["id", "inventory_items.inventory_item_id"],
        filters: { id: variant.id },
      })
      const inventoryItemId = withInventory.inventory_items![0]!.inventory_item_id
      const inventory = container.resolve(Modules.INVENTORY)
      // Five more than already reserved, at every location (a EUR cart draws from Berlin).
      const levels = await inventory.listInventoryLevels({ inventory_item_id: inventoryItemId })
      await inventory.updateInventoryLevels(
        levels.map((level) => ({
          inventory_item_id: inventoryItemId,
          location_id: level.location_id,
          stocked_quantity: level.reserved_quantity + 5,
        }))
      )

      const buyers = Array.from({ length: 30 }, (_, i) => `buyer-${i}@zoco.test`)
      const carts: string[] = []
      for (const email of buyers) carts.push(await paidCart(variant.id, email))

      const responses = await Promise.all(
        carts.map((cartId) =>
          api.post(
            `/store/carts/${cartId}/complete`,
            {},
            {
              ...storeHeaders(shop.publishableKey),
              validateStatus: () => true,
            }
          )
        )
      )
      // Buyers who lose the race are told so (4xx); nobody sees a server error.
      expect(responses.filter((r) => r.status >= 500).map((r) => r.data)).toEqual([])
      for (const res of responses.filter((r) => r.data.type !== "order")) {
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.data.message).toBeTruthy()
      }

      const placed = (await Promise.all(buyers.map((email) => ordersOf(container, email)))).flat()
      expect(placed).toHaveLength(5)

      // reserved_quantity is what the live reservations add up to, and never above stock.
      const reservations = await inventory.listReservationItems({
        inventory_item_id: inventoryItemId,
      })
      for (const after of await inventory.listInventoryLevels({
        inventory_item_id: inventoryItemId,
      })) {
        const reserved = reservations
          .filter((r) => r.location_id === after.location_id)
          .reduce((sum, r) => sum + Number(r.quantity), 0)
        expect(after.reserved_quantity).toBe(reserved)
        expect(after.reserved_quantity).toBeGreaterThanOrEqual(0)
        expect(after.reserved_quantity).toBeLessThanOrEqual(after.stocked_quantity)
      }
    })
  },
})
