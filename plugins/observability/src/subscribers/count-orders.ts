import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { OBSERVABILITY_MODULE } from "../modules/observability"
import type ObservabilityService from "../modules/observability/service"

/** Counts placed orders where the event is handled: the worker, in a server/worker setup. */
export default async function countPlacedOrders({ container }: SubscriberArgs<{ id: string }>) {
  container.resolve<ObservabilityService>(OBSERVABILITY_MODULE).ordersPlaced.inc()
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.PLACED,
}
