import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WEBHOOKS_MODULE } from "../../modules/webhooks"
import type WebhooksService from "../../modules/webhooks/service"

/**
 * Puts a delivery of the endpoint back in line now, whatever its state; undone by putting back
 * its state and schedule. A delivery of another endpoint is not found.
 */
export const requeueWebhookDeliveryStep = createStep(
  "requeue-webhook-delivery",
  async (input: { endpoint_id: string; delivery_id: string }, { container }) => {
    const service = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
    const [found] = await service.listWebhookDeliveries(
      { id: input.delivery_id, endpoint_id: input.endpoint_id },
      { select: ["id", "status", "next_attempt_at", "locked_until"] }
    )
    if (!found) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Delivery ${input.delivery_id} of webhook ${input.endpoint_id} was not found`
      )
    }
    const before = {
      id: found.id,
      status: found.status,
      next_attempt_at: found.next_attempt_at,
      locked_until: found.locked_until,
    }
    await service.redeliver(found.id)
    return new StepResponse(found.id, before)
  },
  async (before, { container }) => {
    if (!before) return
    await container.resolve<WebhooksService>(WEBHOOKS_MODULE).updateWebhookDeliveries([before])
  }
)
