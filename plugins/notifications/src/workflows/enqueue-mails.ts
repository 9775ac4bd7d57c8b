import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { NewMail } from "../modules/mail"
import { enqueueMailsStep } from "./steps/enqueue-mails"

export const enqueueMailsWorkflowId = "zoco-enqueue-mails"

/**
 * Queues transactional mails in the outbox. Idempotent on each mail's `key`: the same cause never
 * queues a mail twice. Returns the ids queued by this run.
 */
export const enqueueMailsWorkflow = createWorkflow(
  enqueueMailsWorkflowId,
  (input: { mails: NewMail[] }) => {
    const ids = enqueueMailsStep(input.mails)
    return new WorkflowResponse(ids)
  }
)
