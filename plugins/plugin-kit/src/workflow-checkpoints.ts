import {
  DistributedTransaction,
  TransactionOrchestrator,
  type TransactionOptions,
  type TransactionStep,
} from "@medusajs/framework/orchestration"

/*
 * The one place Zoco changes how Medusa's workflow orchestration behaves; the test beside it
 * (`__tests__/workflow-checkpoints.spec.ts`) fails when Medusa's internals it relies on move.
 */

/**
 * Before a workflow runs, Medusa looks for a stored checkpoint of the same transaction to resume
 * (`DistributedTransaction.loadTransaction`): with the in-memory workflow engine that is a
 * `workflow_execution` query, with the Redis engine a Redis read, for every workflow and nested
 * workflow, 44 per guest checkout. A workflow whose options do not ask for its checkpoints to be
 * stored (no `store`, `idempotent`, `retentionTime`, async step, step timeout or retry interval)
 * never writes one: `saveCheckpoint` returns first, reading the same options
 * (`TransactionOrchestrator.getWorkflowOptions`). So there is nothing to find, and the look-up is
 * answered without asking. Workflows that store checkpoints (payment processing, every
 * long-running or idempotent workflow, cart completion unless `keepNoCheckpointsOf` names it) look
 * them up exactly as before.
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

/**
 * Stops keeping the checkpoints of the given workflows when Medusa's definition asks for them only
 * to keep a record (`store`, `retentionTime`): Medusa's `completeCartWorkflow` keeps every cart
 * completion for three days, for auditing in the admin's Settings → Workflows. Keeping them costs
 * about 40% of a completion's CPU: before and after each of its ~25 steps the engine serializes the
 * whole workflow context (the cart graph, the order) to check it, the in-memory engine copies it
 * with `JSON.parse(JSON.stringify(…))` (the Redis engine writes it to Redis), and a
 * `workflow_execution` row carrying that context is looked up, inserted and updated (10
 * statements).
 *
 * Such a workflow runs the same without them: steps run and compensate in the process that runs
 * the workflow either way, and neither engine resumes an interrupted run from its checkpoints.
 * Workflows that do need them keep them whatever is passed here: long-running ones (async steps),
 * idempotent ones and those with a timeout, step timeouts or retry intervals.
 *
 * Works by answering `TransactionOrchestrator.getWorkflowOptions`, which is what Medusa reads
 * before saving or loading a checkpoint, with `store` off for those workflows. Returns the ids that
 * are not kept.
 */
export function keepNoCheckpointsOf(workflowIds: readonly string[]): ReadonlySet<string> {
  const target = TransactionOrchestrator as typeof TransactionOrchestrator & {
    [UNKEPT]?: Set<string>
  }
  let unkept = target[UNKEPT]
  if (!unkept) {
    const installed = new Set<string>()
    unkept = installed
    const options = TransactionOrchestrator.getWorkflowOptions.bind(TransactionOrchestrator)
    const lean = new WeakMap<TransactionOptions, TransactionOptions>()
    target.getWorkflowOptions = (modelId: string) => {
      const kept = options(modelId)
      if (!kept || !installed.has(modelId) || needsCheckpoints(kept)) return kept
      let unstored = lean.get(kept)
      if (!unstored) {
        unstored = { ...kept, store: false, retentionTime: undefined }
        lean.set(kept, unstored)
      }
      return unstored
    }
    target[UNKEPT] = installed
  }
  for (const id of workflowIds) unkept.add(id)
  return unkept
}

/**
 * Finds a step's predecessor by cutting its id at the last dot. Medusa names a step by the path of
 * steps before it (`_root.first.second.…`) and, each time a step finishes, looks up the predecessor
 * of every step of the workflow (`TransactionOrchestrator.getPreviousStep`) by splitting that id at
 * every dot and joining all parts but the last again. Those string operations grow with the cube
 * of a workflow's length: about 4% of a guest checkout's server CPU, for the same answer.
 */
export function findPreviousStepsByLastDot(): boolean {
  const target = TransactionOrchestrator as unknown as PreviousStepLookup & {
    [PREVIOUS_STEP]?: true
  }
  if (target[PREVIOUS_STEP]) return false
  // Step ids come from workflow definitions, so there are only so many; the same parent id string
  // each time also keeps its hash, which a fresh slice would compute again for every look-up.
  const parents = new Map<string, string>()
  target.getPreviousStep = (flow, step) => {
    let parent = parents.get(step.id)
    if (parent === undefined) {
      const end = step.id.lastIndexOf(".")
      parent = end === -1 ? "" : step.id.slice(0, end)
      if (parents.size >= 100_000) parents.clear()
      parents.set(step.id, parent)
    }
    return flow.steps[parent]
  }
  target[PREVIOUS_STEP] = true
  return true
}

/** Medusa's private `TransactionOrchestrator.getPreviousStep`, as far as it is used here. */
export type PreviousStepLookup = {
  getPreviousStep: (
    flow: { steps: Record<string, TransactionStep> },
    step: { id: string }
  ) => TransactionStep | undefined
}

const PREVIOUS_STEP = Symbol.for("zoco.plugin-kit.previous-step-by-last-dot")

/** What Medusa cannot run without stored checkpoints, or promises to its caller with them. */
function needsCheckpoints(options: TransactionOptions): boolean {
  return Boolean(
    options.idempotent ||
    options.timeout ||
    options.hasAsyncSteps ||
    options.hasStepTimeouts ||
    options.hasRetriesTimeout
  )
}

/** The id of Medusa's `completeCartWorkflow`, which the Store API's cart completion runs. */
export const CART_COMPLETION_WORKFLOW = "complete-cart"

const UNKEPT = Symbol.for("zoco.plugin-kit.unkept-checkpoints")
