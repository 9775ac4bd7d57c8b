import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WEBHOOKS_MODULE } from "../../modules/webhooks"
import type WebhooksService from "../../modules/webhooks/service"

type Service = WebhooksService
const webhooks = (container: { resolve<T>(key: string): T }) =>
  container.resolve<Service>(WEBHOOKS_MODULE)

export type CreateWebhookEndpointInput = Parameters<Service["registerEndpoint"]>[0]

/** A new endpoint; undone by deleting it. */
export const createWebhookEndpointStep = createStep(
  "create-webhook-endpoint",
  async (input: CreateWebhookEndpointInput, { container }) => {
    const endpoint = await webhooks(container).registerEndpoint(input)
    return new StepResponse(endpoint, endpoint.id)
  },
  async (id, { container }) => {
    if (id) await webhooks(container).deleteWebhookEndpoints([id])
  }
)

export type UpdateWebhookEndpointInput = {
  id: string
  url?: string
  description?: string | null
  events?: string[]
  timeout_ms?: number
  max_concurrency?: number
  /** `active` resumes (and forgets the failures that paused it); `paused` pauses. */
  status?: "active" | "paused"
}

/** What an update can change, as it was: the compensation writes it back. */
const UPDATABLE = [
  "url",
  "description",
  "events",
  "timeout_ms",
  "max_concurrency",
  "status",
  "paused_reason",
  "failing_since",
] as const

/** Changes an endpoint; undone by writing back what it was. */
export const updateWebhookEndpointStep = createStep(
  "update-webhook-endpoint",
  async ({ id, status, ...changes }: UpdateWebhookEndpointInput, { container }) => {
    const service = webhooks(container)
    const found = await service.retrieveWebhookEndpoint(id, { select: ["id", ...UPDATABLE] })
    const before = {
      id,
      url: found.url,
      description: found.description,
      events: found.events,
      timeout_ms: found.timeout_ms,
      max_concurrency: found.max_concurrency,
      status: found.status,
      paused_reason: found.paused_reason,
      failing_since: found.failing_since,
    }
    const [updated] = await service.updateWebhookEndpoints([
      {
        id,
        ...changes,
        ...(status === "active" ? { status, paused_reason: null, failing_since: null } : {}),
        ...(status === "paused" ? { status, paused_reason: "Paused by the merchant" } : {}),
      },
    ])
    return new StepResponse(updated, before)
  },
  async (before, { container }) => {
    if (!before) return
    await webhooks(container).updateWebhookEndpoints([before])
  }
)

/**
 * Deletes an endpoint and its delivery log (soft: the rows stay, marked deleted, and no delivery
 * of it is sent again); undone by restoring both.
 */
export const deleteWebhookEndpointStep = createStep(
  "delete-webhook-endpoint",
  async (id: string, { container }) => {
    const service = webhooks(container)
    await service.retrieveWebhookEndpoint(id)
    await service.softDeleteWebhookEndpoints([id])
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (id) await webhooks(container).restoreWebhookEndpoints([id])
  }
)

/** A new signing secret (the old one signs next to it for `overlap_ms`); undone by restoring both. */
export const rotateWebhookSecretStep = createStep(
  "rotate-webhook-secret",
  async (input: { id: string; overlap_ms: number; secret?: string }, { container }) => {
    const service = webhooks(container)
    const found = await service.retrieveWebhookEndpoint(input.id, {
      select: ["id", "secret", "previous_secret", "previous_secret_expires_at"],
    })
    const before = {
      id: input.id,
      secret: found.secret,
      previous_secret: found.previous_secret,
      previous_secret_expires_at: found.previous_secret_expires_at,
    }
    const rotated = await service.rotateSecret(input.id, input.overlap_ms, input.secret)
    return new StepResponse(rotated, before)
  },
  async (before, { container }) => {
    if (!before) return
    await webhooks(container).updateWebhookEndpoints([before])
  }
)
