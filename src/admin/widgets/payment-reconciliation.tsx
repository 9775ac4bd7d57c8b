import { defineWidgetConfig } from "@medusajs/admin-sdk"
import Medusa from "@medusajs/js-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"

// Set by the admin's build to the backend the dashboard talks to.
declare const __BACKEND_URL__: string | undefined

const sdk = new Medusa({
  baseUrl: typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__ : "/",
  auth: { type: "session" },
})

type Report = {
  payment_id: string
  provider_id: string
  currency_code: string
  books: { captured: string; refunded: string }
  gateway: { captured: string; refunded: string }
  repairs: { kind: "capture" | "refund"; movement: { id: string; amount: string } }[]
  repaired: unknown[]
  problems: string[]
}

const PATH = "/admin/payments/reconciliation"

/**
 * On an order's page: how each PayPal or Stripe payment compares with what the gateway holds,
 * and a button that books what the gateway did and the books lack.
 */
const PaymentReconciliationWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const queryClient = useQueryClient()
  const key = ["payment-reconciliation", order.id]
  const { data, isLoading, error } = useQuery({
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
  if (!isLoading && !error && payments.length === 0) return null

  return (
    <Container className="divide-y p-0" data-testid="payment-reconciliation-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Payment gateway</Heading>
      </div>
      {error && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">
            {(error as Error).message}
          </Text>
        </div>
      )}
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
              <Text key={r.movement.id} size="small">
                The gateway made a {r.kind} of {r.movement.amount} {code} ({r.movement.id}) that the
                order does not show.
              </Text>
            ))}
            {p.problems.map((problem) => (
              <Text key={problem} size="small" className="text-ui-fg-error">
                {problem}
              </Text>
            ))}
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
