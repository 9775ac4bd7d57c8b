import { DistributedTransaction, TransactionOrchestrator } from "@medusajs/framework/orchestration"

/**
 * The one place Zoco changes how Medusa's workflow orchestration behaves; the test beside it
 * (`__tests__/workflow-checkpoints.spec.ts`) fails when Medusa's internals it relies on move.
 *
 * Before a workflow runs, Medusa looks for a stored checkpoint of the same transaction to resume
 * (`DistributedTransaction.loadTransaction`): with the in-memory workflow engine that is a
 * `workflow_execution` query, with the Redis engine a Redis read, for every workflow and nested
 * workflow, 44 per guest checkout. A workflow whose options do not ask for its checkpoints to be
 * stored (no `store`, `idempotent`, `retentionTime`, async step, step timeout or retry interval)
 * never writes one: `saveCheckpoint` returns first, reading the same options
 * (`TransactionOrchestrator.getWorkflowOptions`). So there is nothing to find, and the look-up is
 * answered without asking. Workflows that store checkpoints (cart completion, payment processing,
 * every long-running or idempotent workflow) look them up exactly as before.
 */
export function skipCheckpointLookupsOfUnstoredWorkflows(): boolean {
  const target = DistributedTransaction as typeof DistributedTransaction & { [INSTALLED]?: true }
  if (target[INSTALLED]) return false
  const load = DistributedTransaction.loadTransaction.bind(DistributedTransaction)
  target.loadTransaction = async (modelId, transactionId, options) => {
    const workflowOptions = TransactionOrchestrator.getWorkflowOptions(modelId)
    if (workflowOptions && !workflowOptions.store) return null
    return load(modelId, transactionId, options)
  }
  target[INSTALLED] = true
  return true
}

const INSTALLED = Symbol.for("zoco.plugin-kit.unstored-checkpoint-lookups")
