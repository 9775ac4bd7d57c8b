import type PayPalProviderService from "../service"
import type { PayPalSessionData } from "../types"
import type { FakePayPal } from "./fake-paypal"

let sessions = 0

/** A payment session initiated and approved by the buyer, as the storefront leaves it. */
export async function approvedSession(
  fake: FakePayPal,
  paypal: PayPalProviderService,
  amount: number | string = 100,
  currency = "eur"
) {
  const sessionId = `payses_${process.pid}_${++sessions}`
  const init = await paypal.initiatePayment({
    amount,
    currency_code: currency,
    data: { session_id: sessionId },
    context: { idempotency_key: sessionId },
  })
  fake.approve(init.id)
  return { sessionId, data: init.data as PayPalSessionData }
}
