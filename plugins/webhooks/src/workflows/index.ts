import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createWebhookEndpointStep,
  deleteWebhookEndpointStep,
  rotateWebhookSecretStep,
  updateWebhookEndpointStep,
  type CreateWebhookEndpointInput,
  type UpdateWebhookEndpointInput,
} from "./steps/endpoints"
import type { SavedWebhookRules } from "../modules/webhooks/service"
import { requeueWebhookDeliveryStep } from "./steps/redeliver"
import { changeWebhookRulesStep } from "./steps/rules"
import { validateWebhookUrlStep } from "./steps/validate-webhook-url"

/** A new endpoint, its URL checked by the address guard first. The answer holds its secret. */
export const createWebhookEndpointWorkflow = createWorkflow(
  "create-webhook-endpoint",
  (input: CreateWebhookEndpointInput) => {
    validateWebhookUrlStep(input.url)
    return new WorkflowResponse(createWebhookEndpointStep(input))
  }
)

/** Changes an endpoint: its URL (checked again), events, limits, or paused/active. */
export const updateWebhookEndpointWorkflow = createWorkflow(
  "update-webhook-endpoint",
  (input: UpdateWebhookEndpointInput) => {
    validateWebhookUrlStep(input.url)
    return new WorkflowResponse(updateWebhookEndpointStep(input))
  }
)

/** Deletes an endpoint and its delivery log. */
export const deleteWebhookEndpointWorkflow = createWorkflow(
  "delete-webhook-endpoint",
  (input: { id: string }) => new WorkflowResponse(deleteWebhookEndpointStep(input.id))
)

/** A new secret, shown once; the old one keeps signing for `overlap_ms`. */
export const rotateWebhookSecretWorkflow = createWorkflow(
  "rotate-webhook-secret",
  (input: { id: string; overlap_ms: number; secret?: string }) =>
    new WorkflowResponse(rotateWebhookSecretStep(input))
)

/** Puts one delivery of an endpoint back in line now (the admin's "redeliver"). */
export const redeliverWebhookWorkflow = createWorkflow(
  "redeliver-webhook",
  (input: { endpoint_id: string; delivery_id: string }) =>
    new WorkflowResponse(requeueWebhookDeliveryStep(input))
)

/**
 * The merchant changes how often a delivery is tried and when a failing endpoint is paused
 * (Settings › Zoco). They apply from the next attempt on, on every server. Returns the rules in
 * force.
 */
export const changeWebhookRulesWorkflow = createWorkflow(
  "change-webhook-rules",
  (input: Partial<SavedWebhookRules>) => new WorkflowResponse(changeWebhookRulesStep(input))
)
