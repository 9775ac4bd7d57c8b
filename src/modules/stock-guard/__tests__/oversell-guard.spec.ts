import type { IInventoryService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner, type SuiteOptions } from "@medusajs/test-utils"
import path from "path"
import { Migration20261128200000_OversellGuard as OversellGuard } from "../migrations/Migration20261128200000_OversellGuard"

jest.setTimeout(60_000)

type Orm = SuiteOptions["MikroOrmWrapper"]

/** Runs the stock-guard module's migration on the inventory tables, as `db:migrate` does. */
async function installGuard(orm: Orm) {
  const mikro = orm.getOrm()
  const migration = new OversellGuard(mikro.em.getDriver(), mikro.config)
  await migration.up()
  for (const query of migration.getQueries()) {
    await orm.getManager().execute(String(query))
  }
}

/** The guard's refusal as the database reports it: its hint, not its wording, identifies it. */
async function refusedByGuard(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e
  )) as { hint?: string; code?: string; message?: string } | undefined
  expect(error).toBeDefined()
  expect(error?.hint ?? "").toBe("zoco_oversell_guard")
  expect(error?.code).toBe("23514") // check_violation
  expect(error?.message).toMatch(/Not enough stock available for item \S+ at location \S+/)
}

moduleIntegrationTestRunner<IInventoryService>({
  moduleName: Modules.INVENTORY,
  // Medusa's own inventory module, loaded from its package the way Medusa's module tests do.
  resolve: path.dirname(require.resolve("@medusajs/inventory/package.json")),
  testSuite: ({ service: inventory, MikroOrmWrapper }) => {
    /** An inventory item stocked `stocked` at one location. */
    async function stockedItem(stocked: number) {
      const item = await inventory.createInventoryItems({ sku: `sku-${Math.random()}` })
      await inventory.createInventoryLevels({
        inventory_item_id: item.id,
        location_id: "sloc_berlin",
        stocked_quantity: stocked,
      })
      return item.id
    }

    const reserve = (itemId: string, quantity: number, extra: object = {}) => ({
      inventory_item_id: itemId,
      location_id: "sloc_berlin",
      quantity,
      ...extra,
    })

    async function reserved(itemId: string) {
      const rows = await inventory.listReservationItems({ inventory_item_id: itemId })
      return rows.reduce((sum, r) => sum + Number(r.quantity), 0)
    }

    describe("without the guard (Medusa 2.21.2 alone)", () => {
      it("reserves two lines of one cart that together exceed the stock (medusajs/medusa #16569)", async () => {
        const itemId = await stockedItem(5)
        await inventory.createReservationItems([reserve(itemId, 3), reserve(itemId, 3)])
        expect(await reserved(itemId)).toBe(6)
      })
    })

    describe("with the stock-guard module's trigger", () => {
      beforeEach(() => installGuard(MikroOrmWrapper))

      it("lets only one of two buyers racing for the last units reserve them", async () => {
        const itemId = await stockedItem(5)
        // Medusa checks each call against the stock before either has written its row.
        const results = await Promise.allSettled([
          inventory.createReservationItems(reserve(itemId, 3)),
          inventory.createReservationItems(reserve(itemId, 3)),
        ])
        expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"])
        expect(await reserved(itemId)).toBe(3)
      })

      it("refuses two lines that together exceed the stock, and reserves neither", async () => {
        const itemId = await stockedItem(5)
        await refusedByGuard(
          inventory.createReservationItems([reserve(itemId, 3), reserve(itemId, 3)])
        )
        expect(await reserved(itemId)).toBe(0)
      })

      it("lets backorders through", async () => {
        const itemId = await stockedItem(1)
        await inventory.createReservationItems(reserve(itemId, 4, { allow_backorder: true }))
        expect(await reserved(itemId)).toBe(4)
      })

      it("refuses raising a reservation above the stock on any path that writes it", async () => {
        const itemId = await stockedItem(5)
        const reservation = await inventory.createReservationItems(reserve(itemId, 2))
        // Straight to the table, past the module's own check: the database still refuses.
        await refusedByGuard(
          MikroOrmWrapper.getManager().execute(
            "UPDATE reservation_item SET quantity = 6 WHERE id = ?",
            [reservation.id]
          )
        )
        expect(await reserved(itemId)).toBe(2)
      })

      it("counts only live reservations against the stock", async () => {
        const itemId = await stockedItem(5)
        const first = await inventory.createReservationItems(reserve(itemId, 5))
        await inventory.softDeleteReservationItems([first.id])
        await refusedByGuard(
          inventory.createReservationItems([reserve(itemId, 3), reserve(itemId, 3)])
        )
        await inventory.createReservationItems([reserve(itemId, 3), reserve(itemId, 2)])
        expect(await reserved(itemId)).toBe(5)
      })
    })
  },
})
