import {
  DistributedTransaction,
  DistributedTransactionStorage,
  type TransactionCheckpoint,
  type TransactionOptions,
} from "@medusajs/framework/orchestration"
import { createMedusaContainer, TransactionState } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { skipCheckpointLookupsOfUnstoredWorkflows } from "../workflow-checkpoints"

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

beforeEach(() => {
  storage.lookups = []
  storage.saves = []
  doubled = 0
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
