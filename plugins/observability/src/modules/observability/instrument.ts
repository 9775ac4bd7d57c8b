import { TransactionOrchestrator } from "@medusajs/framework/orchestration"
import type {
  IEventBusModuleService,
  IPaymentModuleService,
  Subscriber,
  SubscriberContext,
} from "@medusajs/framework/types"
import { PaymentActions } from "@medusajs/framework/utils"
import type { Counter } from "prom-client"

/**
 * Wraps every subscriber registered on the event bus from now on, so each run
 * is counted by event and outcome. Medusa registers the app's and plugins'
 * subscribers after all modules are loaded, so a module that calls this while
 * it is built sees all of them. Errors are counted and rethrown unchanged: the
 * bus still logs and retries them as before.
 */
export function countEventHandlers(
  eventBus: IEventBusModuleService,
  runs: Counter<"event" | "result">
) {
  if (!firstTime(eventBus)) {
    return
  }
  const subscribe = eventBus.subscribe.bind(eventBus)
  eventBus.subscribe = (eventName, subscriber, context?: SubscriberContext) => {
    const counted: Subscriber & { subscriberId?: string } = async (data, ...rest: unknown[]) => {
      // A wildcard subscriber gets every event: label it with the one it got.
      const event = typeof data?.name === "string" ? data.name : String(eventName)
      try {
        await (subscriber as (...args: unknown[]) => Promise<void>)(data, ...rest)
        runs.inc({ event, result: "ok" })
      } catch (error) {
        runs.inc({ event, result: "failed" })
        throw error
      }
    }
    subscribe(eventName, counted, context)
    // `unsubscribe(event, subscriber)` finds a subscriber by the id the bus gave it.
    ;(subscriber as Subscriber & { subscriberId?: string }).subscriberId ??= counted.subscriberId
    return eventBus
  }
}

const COUNTED = Symbol.for("zoco.observability.counted")

/** True the first time a service is seen, so two modules in one process do not count twice. */
function firstTime(service: object) {
  const marked = service as { [COUNTED]?: true }
  if (marked[COUNTED]) {
    return false
  }
  marked[COUNTED] = true
  return true
}

type WorkflowRun = { compensated: boolean; failingSteps: Set<string> }

/**
 * Runs in progress by `<workflow id>:<transaction id>`, which begins every step's idempotency key.
 * A map rather than an AsyncLocalStorage: each store in use adds work to every promise the process
 * creates, and a checkout creates hundreds of thousands.
 */
const workflowRuns = new Map<string, WorkflowRun>()
const workflowFailureCounters = new Set<Counter<"workflow">>()
let workflowHooksInstalled = false

/** The run a step belongs to: its idempotency key is `<workflow>:<transaction>:<action>:<type>`. */
function runOfStep(metadata: { idempotency_key: string; action: string; type: string }) {
  const suffix = `:${metadata.action}:${metadata.type}`
  const key = metadata.idempotency_key
  return key.endsWith(suffix) ? workflowRuns.get(key.slice(0, -suffix.length)) : undefined
}

/**
 * Counts failed workflow runs by workflow id through the tracing hooks Medusa's
 * orchestrator offers (the same ones its OpenTelemetry instrumentation uses,
 * which keep working: the hooks found here are called inside ours).
 *
 * A run failed when it compensated a step, or when an invoked step failed and
 * was not retried to success. Medusa calls the run hook only for workflows
 * without async steps; async workflows are not counted.
 */
export function countWorkflowFailures(failures: Counter<"workflow">) {
  workflowFailureCounters.add(failures)
  if (workflowHooksInstalled) {
    return () => workflowFailureCounters.delete(failures)
  }
  workflowHooksInstalled = true
  const outerTransaction = TransactionOrchestrator.traceTransaction
  const outerStep = TransactionOrchestrator.traceStep

  TransactionOrchestrator.traceTransaction = async (resume, metadata) => {
    const key = `${metadata.model_id}:${metadata.transaction_id}`
    const enclosing = workflowRuns.get(key)
    const run: WorkflowRun = { compensated: false, failingSteps: new Set() }
    workflowRuns.set(key, run)
    let threw = false
    try {
      return await (outerTransaction ? outerTransaction(resume, metadata) : resume())
    } catch (error) {
      threw = true
      throw error
    } finally {
      if (enclosing) workflowRuns.set(key, enclosing)
      else workflowRuns.delete(key)
      if (threw || run.compensated || run.failingSteps.size > 0) {
        for (const counter of workflowFailureCounters) {
          counter.inc({ workflow: metadata.model_id })
        }
      }
    }
  }

  TransactionOrchestrator.traceStep = async (handler, metadata) => {
    const run = runOfStep(metadata)
    if (run && metadata.type === "compensate") {
      run.compensated = true
    }
    try {
      const result = await (outerStep ? outerStep(handler, metadata) : handler())
      run?.failingSteps.delete(metadata.step_id)
      return result
    } catch (error) {
      if (run && metadata.type === "invoke" && !isSkip(error)) {
        run.failingSteps.add(metadata.step_id)
      }
      throw error
    }
  }
  return () => workflowFailureCounters.delete(failures)
}

/** The orchestrator's own control-flow errors, which are not failures. */
function isSkip(error: unknown) {
  const name = (error as Error | undefined)?.name ?? ""
  return name === "SkipExecutionError" || name === "SkipCancelledExecutionError"
}

/**
 * Counts payment failures by provider: authorizations the provider did not
 * grant (declined, needs more, gateway down), failed captures and refunds, and
 * webhooks in which the provider reports a payment failed. Wraps the payment
 * module's methods; what they return and throw is unchanged.
 */
export function countPaymentFailures(
  payment: IPaymentModuleService,
  failures: Counter<"provider" | "operation">
) {
  if (!firstTime(payment)) {
    return
  }
  const count = (provider: string | undefined, operation: string) =>
    failures.inc({ provider: provider ?? "unknown", operation })
  const providerOf = (find: () => Promise<{ provider_id?: string } | null | undefined>) =>
    find().then(
      (found) => found?.provider_id,
      () => undefined
    )
  const ofPayment = (data: { payment_id: string }) =>
    providerOf(() => payment.retrievePayment(data.payment_id, { select: ["provider_id"] }))

  /** `method` as it was, counting each throw under `operation` for the provider it names. */
  const counted =
    <A extends unknown[], R>(
      method: (...args: A) => Promise<R>,
      operation: string,
      provider: (...args: A) => Promise<string | undefined>
    ) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args)
      } catch (error) {
        count(await provider(...args), operation)
        throw error
      }
    }

  payment.authorizePaymentSession = counted(
    payment.authorizePaymentSession.bind(payment),
    "authorize",
    (id) => providerOf(() => payment.retrievePaymentSession(id, { select: ["provider_id"] }))
  )
  payment.capturePayment = counted(payment.capturePayment.bind(payment), "capture", ofPayment)
  payment.refundPayment = counted(payment.refundPayment.bind(payment), "refund", ofPayment)

  const webhook = payment.getWebhookActionAndData.bind(payment)
  payment.getWebhookActionAndData = async (event) => {
    const result = await webhook(event)
    if (result.action === PaymentActions.FAILED) {
      // Webhooks name the provider as `{identifier}_{id}`; sessions store it as `pp_{identifier}_{id}`.
      count(`pp_${event.provider}`, "webhook")
    }
    return result
  }
}
