import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { environmentGateways, type ReconciledPayment } from "../../lib/payments/gateways"
import { comparePayment, type Divergence, type Repair } from "../../lib/payments/reconcile"

export type ReconcileInput = {
  /** Only this order's payments; otherwise every payment created in the last `days`. */
  order_id?: string
  days?: number
  /** Book the gateway's movements the books lack; otherwise only report. */
  repair: boolean
}

export type PaymentReport = Divergence & {
  payment_id: string
  provider_id: string
  currency_code: string
  repaired: Repair[]
}

const PAYMENT_FIELDS = [
  "id",
  "provider_id",
  "currency_code",
  "amount",
  "canceled_at",
  "data",
  "captures.amount",
  "refunds.amount",
]

const loadPaymentsStep = createStep(
  "zoco-load-payments-to-reconcile",
  async (input: ReconcileInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const gateways = environmentGateways()
    let payments: ReconciledPayment[]
    if (input.order_id) {
      const { data } = await query.graph({
        entity: "order",
        fields: PAYMENT_FIELDS.map((f) => `payment_collections.payments.${f}`),
        filters: { id: input.order_id },
      })
      const collections = (data[0]?.payment_collections ?? []) as {
        payments?: ReconciledPayment[]
      }[]
      payments = collections.flatMap((c) => c.payments ?? [])
    } else {
      const since = new Date(Date.now() - (input.days ?? 30) * 24 * 3600 * 1000)
      const { data } = await query.graph({
        entity: "payment",
        fields: PAYMENT_FIELDS,
        filters: { created_at: { $gte: since }, provider_id: [...gateways.keys()] },
      })
      payments = data as unknown as ReconciledPayment[]
    }
    return new StepResponse(payments.filter((p) => gateways.has(p.provider_id)))
  }
)

async function comparePaymentWithGateway(payment: ReconciledPayment): Promise<PaymentReport> {
  const gateway = environmentGateways().get(payment.provider_id)!
  const base = {
    payment_id: payment.id,
    provider_id: payment.provider_id,
    currency_code: payment.currency_code,
    repaired: [],
  }
  try {
    const books = {
      currency: payment.currency_code,
      amount: MathBN.convert(payment.amount).toFixed(),
      captured: MathBN.add(0, ...(payment.captures ?? []).map((c) => c.amount)).toFixed(),
      refunded: MathBN.add(0, ...(payment.refunds ?? []).map((r) => r.amount)).toFixed(),
      known: gateway.known(payment),
      canceled: Boolean(payment.canceled_at),
      decimals: gateway.decimals?.(payment.currency_code),
    }
    return { ...base, ...comparePayment(books, await gateway.read(payment)) }
  } catch (error) {
    return {
      ...base,
      books: { captured: "", refunded: "", canceled: Boolean(payment.canceled_at) },
      gateway: { captured: "", refunded: "" },
      repairs: [],
      problems: [`the gateway could not be read: ${(error as Error).message}`],
    }
  }
}

const comparePaymentsStep = createStep(
  "zoco-compare-payments-with-gateways",
  async (payments: ReconciledPayment[]) => {
    const reports: PaymentReport[] = []
    for (const payment of payments) reports.push(await comparePaymentWithGateway(payment))
    return new StepResponse(reports)
  }
)

/**
 * Books what the gateway did and the books lack, through Medusa's own capture, refund and cancel:
 * the providers record a movement the gateway already made instead of making it again. Booking money
 * that already moved is not undone when a later step fails; the books would be wrong again.
 */
const repairPaymentsStep = createStep(
  "zoco-book-gateway-movements",
  async ({ reports, repair }: { reports: PaymentReport[]; repair: boolean }, { container }) => {
    if (!repair) return new StepResponse(reports)
    const payments = container.resolve(Modules.PAYMENT)
    const locking = container.resolve(Modules.LOCKING)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    for (const [index, found] of reports.entries()) {
      if (found.repairs.length === 0) continue
      // One reconciliation books a payment's repairs at a time, whichever process runs it, and
      // compares again first: a repair booked meanwhile must not be booked twice.
      await locking.execute(
        `zoco-reconcile-${found.payment_id}`,
        async () => {
          const { data } = await query.graph({
            entity: "payment",
            fields: PAYMENT_FIELDS,
            filters: { id: found.payment_id },
          })
          const report = await comparePaymentWithGateway(data[0] as unknown as ReconciledPayment)
          reports[index] = report
          await bookRepairs(report)
        },
        { timeout: 30 }
      )
    }
    for (const report of reports) {
      if (report.problems.length > 0) {
        logger.warn(
          `Payment ${report.payment_id} (${report.provider_id}) diverges from the gateway: ${report.problems.join("; ")}`
        )
      }
    }
    return new StepResponse(reports)

    async function bookRepairs(report: PaymentReport) {
      for (const item of report.repairs) {
        try {
          if (item.kind === "void") {
            // The provider voids again, which the gateway answers as already done.
            await payments.cancelPayment(report.payment_id)
          } else if (item.kind === "capture") {
            await payments.capturePayment({
              payment_id: report.payment_id,
              amount: item.movement.amount,
            })
          } else {
            await payments.refundPayment({
              payment_id: report.payment_id,
              amount: item.movement.amount,
              note: `Recorded from the gateway (${item.movement.id}) by payment reconciliation`,
            })
          }
          report.repaired.push(item)
        } catch (error) {
          report.problems.push(
            `${item.kind} ${item.movement.id} could not be recorded: ${(error as Error).message}`
          )
        }
      }
    }
  }
)

/**
 * Compares payments with their gateways (PayPal, Stripe) and, when asked, books what the gateway
 * did that the books lack. Anything else (the books holding money the gateway never moved) is
 * reported for a person to look at.
 */
export const reconcilePaymentsWorkflow = createWorkflow(
  "zoco-reconcile-payments",
  (input: ReconcileInput) => {
    const payments = loadPaymentsStep(input)
    const reports = comparePaymentsStep(payments)
    const repairInput = transform({ reports, input }, ({ reports, input }) => ({
      reports,
      repair: input.repair,
    }))
    return new WorkflowResponse(repairPaymentsStep(repairInput))
  }
)
