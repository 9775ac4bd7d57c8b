import type { IEventBusModuleService, Logger } from "@medusajs/framework/types"
import { createMedusaContainer } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import LocalEventBus from "@medusajs/medusa/event-bus-local"
import ObservabilityService from "../service"

const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger

/** Medusa's own in-process event bus, as the app runs it without Redis. */
function localEventBus() {
  const Bus = LocalEventBus.service as unknown as new (
    deps: { logger: Logger },
    options: object,
    declaration: { worker_mode: string }
  ) => IEventBusModuleService
  return new Bus({ logger: quiet }, {}, { worker_mode: "shared" })
}

async function sample(service: ObservabilityService, line: string) {
  const text = await service.registry.metrics()
  return Number(text.match(new RegExp(`^${escape(line)} (\\S+)$`, "m"))?.[1] ?? 0)
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

describe("event subscriber counts", () => {
  it("counts each subscriber run by event and result, and leaves failures to the bus", async () => {
    const bus = localEventBus()
    const service = new ObservabilityService({ event_bus: bus }, {})
    const seen: string[] = []
    bus.subscribe("order.placed", async (event) => {
      seen.push(`ok ${(event.data as { id: string }).id}`)
    })
    bus.subscribe("order.placed", async () => {
      throw new Error("mail server down")
    })
    bus.subscribe("*", async (event) => {
      seen.push(`any ${event.name}`)
    })

    await bus.emit([
      { name: "order.placed", data: { id: "order_1" } },
      { name: "product.updated", data: { id: "prod_1" } },
    ])
    await waitFor(() => seen.length === 3)
    await new Promise((resolve) => setTimeout(resolve, 20))

    expect(seen.sort()).toEqual(["any order.placed", "any product.updated", "ok order_1"])
    const runs = (event: string, result: string) =>
      sample(service, `zoco_event_handler_runs_total{event="${event}",result="${result}"}`)
    expect(await runs("order.placed", "ok")).toBe(2)
    expect(await runs("order.placed", "failed")).toBe(1)
    expect(await runs("product.updated", "ok")).toBe(1)
  })

  it("still unsubscribes a subscriber by the function that was subscribed", async () => {
    const bus = localEventBus()
    const service = new ObservabilityService({ event_bus: bus }, {})
    let calls = 0
    const subscriber = async () => {
      calls++
    }
    bus.subscribe("cart.updated", subscriber)
    bus.unsubscribe("cart.updated", subscriber)
    await bus.emit({ name: "cart.updated", data: {} })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(calls).toBe(0)
    expect(
      await sample(service, 'zoco_event_handler_runs_total{event="cart.updated",result="ok"}')
    ).toBe(0)
  })
})

describe("workflow failure counts", () => {
  let service: ObservabilityService
  beforeEach(() => {
    service = new ObservabilityService({}, {})
  })
  afterEach(() => service.__hooks.onApplicationShutdown())

  const failed = (workflow: string) =>
    sample(service, `zoco_workflow_runs_failed_total{workflow="${workflow}"}`)

  it("counts a run that fails and compensates, by workflow id, and not a run that succeeds", async () => {
    const undone: string[] = []
    const reserve = createStep(
      "test-reserve",
      async (qty: number) => new StepResponse(qty, qty),
      async (qty) => {
        undone.push(`released ${qty}`)
      }
    )
    const charge = createStep("test-charge", async (qty: number) => {
      if (qty > 2) {
        throw new Error("card declined")
      }
      return new StepResponse("charged")
    })
    const placeOrder = createWorkflow("test-place-order", (qty: number) => {
      reserve(qty)
      return new WorkflowResponse(charge(qty))
    })
    const container = createMedusaContainer()

    const ok = await placeOrder(container).run({ input: 1 })
    expect(ok.result).toBe("charged")
    expect(await failed("test-place-order")).toBe(0)

    const { errors } = await placeOrder(container).run({ input: 3, throwOnError: false })
    expect(errors[0].error.message).toBe("card declined")
    expect(undone).toEqual(["released 3"])
    expect(await failed("test-place-order")).toBe(1)
  })

  it("counts a run whose only step fails, and not a step that succeeds on retry", async () => {
    let attempts = 0
    const flaky = createStep({ name: "test-flaky", maxRetries: 2 }, async () => {
      attempts++
      if (attempts < 2) {
        throw new Error("try again")
      }
      return new StepResponse(attempts)
    })
    const broken = createStep("test-broken", async () => {
      throw new Error("always")
    })
    const retried = createWorkflow("test-retried", () => new WorkflowResponse(flaky()))
    const alwaysFails = createWorkflow("test-always-fails", () => new WorkflowResponse(broken()))
    const container = createMedusaContainer()

    const { result } = await retried(container).run()
    expect(result).toBe(2)
    expect(await failed("test-retried")).toBe(0)

    await alwaysFails(container).run({ throwOnError: false })
    await alwaysFails(container).run({ throwOnError: false })
    expect(await failed("test-always-fails")).toBe(2)
  })
})

async function waitFor(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
