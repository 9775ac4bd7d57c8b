import type { MedusaContainer } from "@medusajs/framework/types"
import { ephemeralSecrets, parseEnv } from "../lib/env"
import { releaseOrphanReservationsWorkflow } from "../workflows/inventory/release-orphan-reservations"

// Secrets play no part here: throwaway ones stand in for whatever the server was given.
const { stockSweepSchedule } = parseEnv(process.env, ephemeralSecrets)

/**
 * On STOCK_SWEEP_SCHEDULE (every 10 minutes by default), stock held by reservations whose order
 * line no longer exists (left by a checkout undone half-way) is given back. Reservations younger
 * than 10 minutes are left to the checkout that made them.
 */
export default async function releaseOrphanReservations(container: MedusaContainer) {
  // Medusa requires a schedule of every job; "off" keeps one that does nothing.
  if (!stockSweepSchedule) return
  await releaseOrphanReservationsWorkflow(container).run({ input: { older_than_minutes: 10 } })
}

export const config = {
  name: "zoco-release-orphan-reservations",
  schedule: stockSweepSchedule ?? "*/10 * * * *",
}
