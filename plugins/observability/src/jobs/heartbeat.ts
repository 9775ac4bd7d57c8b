import type { MedusaContainer } from "@medusajs/framework/types"
import { OBSERVABILITY_MODULE } from "../modules/observability"
import type ObservabilityService from "../modules/observability/service"

/**
 * Proves scheduled jobs are running: Medusa runs jobs only in `worker` and
 * `shared` processes, so the heartbeat's metrics show which process runs them
 * and when they stop (alert on `time() - zoco_worker_heartbeat_timestamp_seconds`). With Redis
 * the time is shared, for the dashboard's health panel on servers that run no jobs.
 */
export default async function heartbeat(container: MedusaContainer) {
  await container.resolve<ObservabilityService>(OBSERVABILITY_MODULE).beat()
}

export const config = {
  name: "observability-heartbeat",
  schedule: { interval: 10_000 },
}
