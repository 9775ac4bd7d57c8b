import { Module } from "@medusajs/framework/utils"
import WebhooksService from "./service"

export const WEBHOOKS_MODULE = "webhooks"

export default Module(WEBHOOKS_MODULE, {
  service: WebhooksService,
})

export type {
  WebhooksOptions,
  WebhookEvent,
  ClaimedDelivery,
  WebhookRules,
  SavedWebhookRules,
} from "./service"
export { WEBHOOK_RULE_LIMITS } from "./service"
export { default as WebhooksService } from "./service"
export { sign, verify, newSecret } from "./signature"
export { checkUrl, safeAddress, UnsafeUrlError } from "./address-guard"
export { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from "./retry"
