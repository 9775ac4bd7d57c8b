import type { ReservationItemDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"

export type ReleaseOrphanReservationsInput = {
  /** Only reservations made at least this long ago; a checkout in progress is never touched. */
  older_than_minutes: number
}

export type OrphanReservation = Pick<
  ReservationItemDTO,
  "id" | "line_item_id" | "inventory_item_id" | "location_id" | "quantity"
>

/** Medusa's prefix of order line item ids: what a checkout's reservations point at. */
const ORDER_LINE_PREFIX = "ordli_"
const PAGE = 500

/**
 * Reservations of order lines that no longer exist. Medusa's cart completion creates the order,
 * then reserves its lines in parallel with other steps; when one of those fails while the
 * reservation is still being made, the order is deleted by the compensation and the reservation
 * made after it stays, holding stock that nobody bought. Lines of soft-deleted orders still
 * exist, and reservations made by hand (no order line) are left alone.
 */
const findOrphanReservationsStep = createStep(
  "zoco-find-orphan-reservations",
  async (input: ReleaseOrphanReservationsInput, { container }) => {
    const inventory = container.resolve(Modules.INVENTORY)
    const orders = container.resolve(Modules.ORDER)
    const before = Date.now() - input.older_than_minutes * 60_000
    const orphans: OrphanReservation[] = []
    for (let skip = 0; ; skip += PAGE) {
      const page = await inventory.listReservationItems(
        {},
        {
          select: [
            "id",
            "line_item_id",
            "inventory_item_id",
            "location_id",
            "quantity",
            "created_at",
          ],
          order: { id: "ASC" },
          skip,
          take: PAGE,
        }
      )
      const candidates = page.filter(
        (r) =>
          r.line_item_id?.startsWith(ORDER_LINE_PREFIX) &&
          new Date(r.created_at).getTime() <= before
      )
      if (candidates.length > 0) {
        const lines = await orders.listOrderLineItems(
          { id: candidates.map((r) => r.line_item_id as string) },
          { select: ["id"], withDeleted: true, take: null }
        )
        const existing = new Set(lines.map((line) => line.id))
        for (const r of candidates) {
          if (!existing.has(r.line_item_id as string)) {
            orphans.push({
              id: r.id,
              line_item_id: r.line_item_id,
              inventory_item_id: r.inventory_item_id,
              location_id: r.location_id,
              quantity: r.quantity,
            })
          }
        }
      }
      if (page.length < PAGE) break
    }
    return new StepResponse(orphans)
  }
)

/**
 * Gives the stock back, under the same per-item lock Medusa reserves and releases stock under, so
 * `reserved_quantity` stays what the live reservations add up to. Undone by restoring them.
 */
const releaseReservationsStep = createStep(
  "zoco-release-orphan-reservations",
  async (orphans: OrphanReservation[], { container }) => {
    if (orphans.length === 0) return new StepResponse([], [])
    const inventory = container.resolve(Modules.INVENTORY)
    const locking = container.resolve(Modules.LOCKING)
    await locking.execute([...new Set(orphans.map((r) => r.inventory_item_id))], () =>
      inventory.softDeleteReservationItems(orphans.map((r) => r.id))
    )
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `Released ${orphans.length} reservation(s) of order lines that no longer exist: ${orphans
          .map((r) => `${r.id} (${r.quantity} of ${r.inventory_item_id} at ${r.location_id})`)
          .join(", ")}`
      )
    return new StepResponse(orphans, orphans)
  },
  async (orphans, { container }) => {
    if (!orphans?.length) return
    const inventory = container.resolve(Modules.INVENTORY)
    const locking = container.resolve(Modules.LOCKING)
    await locking.execute([...new Set(orphans.map((r) => r.inventory_item_id))], () =>
      inventory.restoreReservationItems(orphans.map((r) => r.id))
    )
  }
)

/** Finds reservations whose order line is gone and gives their stock back; returns them. */
export const releaseOrphanReservationsWorkflow = createWorkflow(
  "zoco-release-orphan-reservations",
  (input: ReleaseOrphanReservationsInput) => {
    const orphans = findOrphanReservationsStep(input)
    return new WorkflowResponse(releaseReservationsStep(orphans))
  }
)
