import {
  DistributedTransaction,
  DistributedTransactionStorage,
  TransactionOrchestrator,
  type TransactionCheckpoint,
  type TransactionOptions,
} from "@medusajs/framework/orchestration"
import { createMedusaContainer, TransactionState } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  parallelize,
  StepResponse,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflowId } from "@medusajs/medusa/core-flows"
import {
  CART_COMPLETION_WORKFLOW,
  findPreviousStepsByLastDot,
  keepNoCheckpointsOf,
  skipCheckpointLookupsOfUnstoredWorkflows,
  type PreviousStepLookup,
} from "../workflow-checkpoints"

/**
 * A checkpoint storage that keeps unfinished checkpoints in memory, as Medusa's default one does,
 * noting which workflows look up or save a checkpoint.
 */
class NotingStorage extends DistributedTransactionStorage {
  checkpoints = new Map<string, TransactionCheckpoint>()
  lookups: string[] = []
  saves: string[] = []
  override async get(key: string) {
    this.lookups.push(key.split(":")[1])
    return this.checkpoints.get(key)
  }
  override async save(
    key: string,
    data: TransactionCheckpoint,
    _ttl?: number,
    _options?: TransactionOptions
  ) {
    this.saves.push(key.split(":")[1])
    const finished = [TransactionState.DONE, TransactionState.REVERTED, TransactionState.FAILED]
    if (finished.includes(data.flow.state)) this.checkpoints.delete(key)
    else this.checkpoints.set(key, data)
    return data
  }
}

const storage = new NotingStorage()
DistributedTransaction.setStorage(storage)
const container = createMedusaContainer()

let doubled = 0
const double = createStep("zoco-test-double", async (n: number) => {
  doubled++
  return new StepResponse(n * 2)
})
const inner = createWorkflow("zoco-test-inner", (n: number) => new WorkflowResponse(double(n)))
const plain = createWorkflow("zoco-test-plain", (n: number) => {
  const once = double(n)
  return new WorkflowResponse(inner.runAsStep({ input: once }))
})
const stored = createWorkflow(
  { name: "zoco-test-stored", idempotent: true },
  (n: number) => new WorkflowResponse(double(n))
)
// Kept for a record only, as Medusa's cart completion is.
const recorded = createWorkflow(
  { name: "zoco-test-recorded", store: true, retentionTime: 60 },
  (n: number) => new WorkflowResponse(double(n))
)
let undone = 0
const undoable = createStep(
  "zoco-test-undoable",
  async (n: number) => new StepResponse(n, n),
  async (n?: number) => {
    undone += n ?? 0
  }
)
const refuse = createStep("zoco-test-refuse", async () => {
  throw new Error("refused")
})
const recordedAndFailing = createWorkflow(
  { name: "zoco-test-recorded-failing", store: true, retentionTime: 60 },
  (n: number) => {
    undoable(n)
    refuse()
    return new WorkflowResponse(n)
  }
)

beforeEach(() => {
  storage.lookups = []
  storage.saves = []
  doubled = 0
  undone = 0
})

describe("checkpoint look-ups of workflows that store none", () => {
  it("are made by Medusa itself, although such a workflow never saves a checkpoint", async () => {
    const { result } = await plain(container).run({ input: 3 })
    expect(result).toBe(12)
    // What the shortcut relies on: nothing of these workflows is ever saved...
    expect(storage.saves).toEqual([])
    // ...and what it saves: Medusa still looks for a checkpoint of each, nested ones included.
    expect(storage.lookups).toEqual(expect.arrayContaining(["zoco-test-plain", "zoco-test-inner"]))
  })

  it("are answered without asking the storage once the shortcut is installed", async () => {
    expect(skipCheckpointLookupsOfUnstoredWorkflows()).toBe(true)
    expect(skipCheckpointLookupsOfUnstoredWorkflows()).toBe(false)
    const { result } = await plain(container).run({ input: 5 })
    expect(result).toBe(20)
    expect(doubled).toBe(2)
    expect(storage.lookups).toEqual([])
    expect(storage.saves).toEqual([])
  })

  it("still happen for a workflow that stores its checkpoints", async () => {
    const first = await stored(container).run({
      input: 4,
      context: { transactionId: "zoco-test-tx" },
    })
    expect(first.result).toBe(8)
    expect(storage.lookups).toContain("zoco-test-stored")
    expect(storage.saves).toContain("zoco-test-stored")
    expect(doubled).toBe(1)
  })
})

describe("checkpoints kept for a record only", () => {
  it("Medusa keeps for every cart completion, which needs them for nothing else", () => {
    // If this fails, Medusa changed how it runs completion: look again before keeping none.
    expect(CART_COMPLETION_WORKFLOW).toBe(completeCartWorkflowId)
    const options = TransactionOrchestrator.getWorkflowOptions(completeCartWorkflowId)
    expect(options).toMatchObject({ store: true, retentionTime: expect.any(Number) })
    expect(options).toMatchObject({
      hasAsyncSteps: false,
      hasStepTimeouts: false,
      hasRetriesTimeout: false,
    })
    expect(options.idempotent).toBeFalsy()
    expect(options.timeout).toBeFalsy()
  })

  it("are saved and looked up by Medusa until they are given up", async () => {
    const { result } = await recorded(container).run({ input: 2 })
    expect(result).toBe(4)
    expect(storage.saves).toContain("zoco-test-recorded")
    expect(storage.lookups).toContain("zoco-test-recorded")
  })

  it("are neither saved nor looked up once given up, and the workflow runs the same", async () => {
    const unkept = keepNoCheckpointsOf([
      completeCartWorkflowId,
      "zoco-test-recorded",
      "zoco-test-recorded-failing",
      "zoco-test-stored",
    ])
    expect(unkept.has(completeCartWorkflowId)).toBe(true)
    expect(TransactionOrchestrator.getWorkflowOptions(completeCartWorkflowId).store).toBe(false)

    const { result } = await recorded(container).run({ input: 6 })
    expect(result).toBe(12)
    expect(doubled).toBe(1)
    expect(storage.saves).toEqual([])
    expect(storage.lookups).toEqual([])
  })

  it("a failing run still compensates what it did, without a checkpoint", async () => {
    const { errors } = await recordedAndFailing(container).run({
      input: 7,
      throwOnError: false,
    })
    expect(errors.map((e) => (e.error as Error).message)).toEqual(["refused"])
    expect(undone).toBe(7)
    expect(storage.saves).toEqual([])
  })

  it("an idempotent workflow keeps its checkpoints although it is named", async () => {
    const { result } = await stored(container).run({
      input: 1,
      context: { transactionId: "zoco-test-tx-2" },
    })
    expect(result).toBe(2)
    expect(storage.saves).toContain("zoco-test-stored")
    expect(storage.lookups).toContain("zoco-test-stored")
  })
})

// Long enough for the path in a step's id to matter, with parallel branches and compensation.
const trail: string[] = []
const counted = Array.from({ length: 16 }, (_, i) =>
  createStep(
    `zoco-test-counted-${i}`,
    async (n: number) => {
      trail.push(`run ${i}`)
      return new StepResponse(n + 1, i)
    },
    async (i?: number) => {
      trail.push(`undo ${i}`)
    }
  )
)
const long = createWorkflow("zoco-test-long", (input: { n: number; fail: boolean }) => {
  let n = counted[0](input.n)
  for (const step of counted.slice(1, 8)) n = step(n)
  const [left] = parallelize(counted[8](n), counted[9](n), counted[10](n))
  n = left
  for (const step of counted.slice(11)) n = step(n)
  when("zoco-test-long-fails", input, (i) => i.fail).then(() => {
    refuse()
  })
  return new WorkflowResponse(n)
})

async function runLong() {
  trail.length = 0
  const done = await long(container).run({ input: { n: 0, fail: false } })
  const ran = [...trail]
  trail.length = 0
  const failed = await long(container).run({ input: { n: 0, fail: true }, throwOnError: false })
  return {
    result: done.result,
    ran,
    errors: failed.errors.map((e) => (e.error as Error).message),
    failedRun: [...trail],
  }
}

describe("a step's predecessor", () => {
  it("is the step its id's path names, which cutting the id at the last dot finds too", async () => {
    const orchestrator = TransactionOrchestrator as unknown as PreviousStepLookup
    const medusas = orchestrator.getPreviousStep
    const [steps] = TransactionOrchestrator.buildSteps({
      next: [
        { action: "a", next: { action: "b", next: [{ action: "c" }, { action: "d" }] } },
        { action: "e", next: { action: "f" } },
      ],
    })
    const flow = { steps }
    // What the shortcut relies on: a step's id is the path of steps leading to it.
    expect(Object.keys(steps).sort()).toEqual([
      "_root",
      "_root.a",
      "_root.a.b",
      "_root.a.b.c",
      "_root.a.b.d",
      "_root.e",
      "_root.e.f",
    ])
    const before = await runLong()

    expect(findPreviousStepsByLastDot()).toBe(true)
    expect(findPreviousStepsByLastDot()).toBe(false)
    expect(orchestrator.getPreviousStep).not.toBe(medusas)
    for (const id of Object.keys(steps).filter((id) => id !== "_root")) {
      const step = steps[id]
      expect(orchestrator.getPreviousStep(flow, step)).toBe(medusas(flow, step))
      expect(orchestrator.getPreviousStep(flow, step)).toBeDefined()
    }

    // A long workflow with parallel steps runs, and undoes a failed run, exactly as before.
    const after = await runLong()
    expect(after).toEqual(before)
    expect(before.result).toBe(14)
    expect(before.ran).toHaveLength(16)
    expect(before.errors).toEqual(["refused"])
    const undone = before.failedRun.filter((entry) => entry.startsWith("undo"))
    expect(undone).toHaveLength(16)
    expect(undone.indexOf("undo 15")).toBeLessThan(undone.indexOf("undo 0"))
  })
})
