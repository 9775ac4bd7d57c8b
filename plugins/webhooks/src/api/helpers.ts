import type { MedusaRequest } from "@medusajs/framework/http"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"

export function webhooks(req: MedusaRequest) {
  return req.scope.resolve<WebhooksService>(WEBHOOKS_MODULE)
}

type Endpoint = {
  id: string
  url: string
  description: string | null
  events: string[]
  status: "active" | "paused"
  paused_reason: string | null
  failing_since: Date | string | null
  timeout_ms: number
  max_concurrency: number
  created_at: Date | string
  secret?: string
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** An endpoint as the admin sees it: never its secret, except right after it was made. */
export function toAdminWebhook(e: Endpoint, withSecret = false) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    status: e.status,
    paused_reason: e.paused_reason,
    failing_since: iso(e.failing_since),
    timeout_ms: e.timeout_ms,
    max_concurrency: e.max_concurrency,
    created_at: iso(e.created_at)!,
    ...(withSecret ? { secret: e.secret } : {}),
  }
}
