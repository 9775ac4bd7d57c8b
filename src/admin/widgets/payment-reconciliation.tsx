import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, AdminPayment, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Input, Label, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState, type FormEvent } from "react"
import { sdk } from "../lib/sdk"
import { LoadError, Loading } from "../lib/states"

type Report = {
  payment_id: string
  provider_id: string
  currency_code: string
  books: { captured: string; refunded: string }
  gateway: { captured: string; refunded: string }
  repairs: { kind: "capture" | "refund" | "void"; movement: { id: string; amount: string } }[]
  repaired: unknown[]
  problems: string[]
}

const PATH = "/admin/payments/reconciliation"

/** Digits after the point of an amount the report gives at the currency's precision. */
const decimalsOf = (amount: string) => amount.split(".")[1]?.length ?? 0

/**
 * Captures part or the rest of a PayPal payment. Medusa's own Capture button always asks for the
 * whole amount; PayPal captures an authorization in parts, the last one final.
 */
const CaptureForm = ({
  payment,
  report,
  onCaptured,
}: {
  payment: AdminPayment
  report: Report
  onCaptured: () => void
}) => {
  const decimals = decimalsOf(report.books.captured)
  const left = (Number(payment.amount) - Number(report.books.captured)).toFixed(decimals)
  const [amount, setAmount] = useState(left)
  const code = report.currency_code.toUpperCase()
  const capture = useMutation({
    mutationFn: (value: number) => sdk.admin.payment.capture(payment.id, { amount: value }),
    onSuccess: (_result, value) => {
      toast.success(`Captured ${value.toFixed(decimals)} ${code}`)
      onCaptured()
    },
    onError: (e: Error) => toast.error(e.message),
  })
  if (Number(left) <= 0) return null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    capture.mutate(Number(amount))
  }
  const inputId = `capture-${payment.id}`
  return (
    <form className="flex items-end gap-x-2" onSubmit={submit}>
      <div className="flex flex-1 flex-col gap-y-1">
        <Label size="small" htmlFor={inputId}>
          Amount to capture ({code}, {left} left)
        </Label>
        <Input
          id={inputId}
          size="small"
          type="number"
          inputMode="decimal"
          min={0}
          max={left}
          step={decimals ? `0.${"0".repeat(decimals - 1)}1` : "1"}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </div>
      <Button size="small" variant="secondary" type="submit" isLoading={capture.isPending}>
        Capture
      </Button>
    </form>
  )
}

/**
 * On an order's page: how each PayPal or Stripe payment compares with what the gateway holds,
 * a button that books what the gateway did and the books lack, and, for a PayPal payment not yet
 * wholly captured, a capture of any part of what is left.
 */
const PaymentReconciliationWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const queryClient = useQueryClient()
  const key = ["payment-reconciliation", order.id]
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: key,
    queryFn: () =>
      sdk.client.fetch<{ payments: Report[] }>(PATH, { query: { order_id: order.id } }),
  })
  const repair = useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ payments: Report[] }>(PATH, {
        method: "POST",
        body: { order_id: order.id },
      }),
    onSuccess: (result) => {
      const booked = result.payments.reduce((n, p) => n + p.repaired.length, 0)
      toast.success(`Recorded ${booked} gateway movement(s)`)
      queryClient.invalidateQueries({ queryKey: key })
      queryClient.invalidateQueries({ queryKey: ["orders"] })
    },
    onError: (e: Error) => toast.error(e.message),
  })
  const payments = data?.payments ?? []
  const capturable = new Map(
    (order.payment_collections ?? [])
      .flatMap((c) => c.payments ?? [])
      .filter((p) => p.provider_id.startsWith("pp_paypal") && !p.canceled_at && !p.captured_at)
      .map((p) => [p.id, p])
  )
  const captured = () => {
    queryClient.invalidateQueries({ queryKey: key })
    queryClient.invalidateQueries({ queryKey: ["orders"] })
  }
  if (!isLoading && !error && payments.length === 0) return null

  return (
    <Container className="divide-y p-0" data-testid="payment-reconciliation-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Payment gateway</Heading>
      </div>
      {error && (
        <div className="px-6 py-4">
          <LoadError what="The gateway's view" error={error} retry={() => refetch()} />
        </div>
      )}
      {isLoading && <Loading rows={2} />}
      {payments.map((p) => {
        const code = p.currency_code.toUpperCase()
        const agrees = p.problems.length === 0 && p.repairs.length === 0
        return (
          <div key={p.payment_id} className="flex flex-col gap-y-2 px-6 py-4">
            <div className="flex items-center justify-between">
              <Text size="small" weight="plus">
                {p.provider_id}
              </Text>
              <Badge size="2xsmall" color={agrees ? "green" : p.problems.length ? "red" : "orange"}>
                {agrees ? "In agreement" : p.problems.length ? "Diverges" : "To record"}
              </Badge>
            </div>
            <Text size="small" className="text-ui-fg-subtle" data-testid="reconciliation-totals">
              Captured {p.books.captured} {code} (gateway {p.gateway.captured}) · refunded{" "}
              {p.books.refunded} {code} (gateway {p.gateway.refunded})
            </Text>
            {p.repairs.map((r) => (
              <Text key={`${r.kind}-${r.movement.id}`} size="small">
                {r.kind === "void"
                  ? `The gateway released the authorization of ${r.movement.amount} ${code} (${r.movement.id}); the order still shows it authorized.`
                  : `The gateway made a ${r.kind} of ${r.movement.amount} ${code} (${r.movement.id}) that the order does not show.`}
              </Text>
            ))}
            {p.problems.map((problem) => (
              <Text key={problem} size="small" className="text-ui-fg-error">
                {problem}
              </Text>
            ))}
            {capturable.has(p.payment_id) && p.problems.length === 0 && p.repairs.length === 0 && (
              <CaptureForm
                key={p.books.captured}
                payment={capturable.get(p.payment_id)!}
                report={p}
                onCaptured={captured}
              />
            )}
          </div>
        )
      })}
      {payments.some((p) => p.repairs.length > 0) && (
        <div className="flex justify-end px-6 py-4">
          <Button
            size="small"
            variant="secondary"
            isLoading={repair.isPending}
            onClick={() => repair.mutate()}
          >
            Record gateway movements
          </Button>
        </div>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default PaymentReconciliationWidget
