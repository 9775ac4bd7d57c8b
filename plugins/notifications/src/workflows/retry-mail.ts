import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { requeueMailStep } from "./steps/requeue-mail"

export const retryMailWorkflowId = "zoco-retry-mail"

/** The merchant's "send again" of a mail whose attempts ran out. */
export const retryMailWorkflow = createWorkflow(retryMailWorkflowId, (input: { id: string }) => {
  const id = requeueMailStep(input)
  return new WorkflowResponse(id)
})
