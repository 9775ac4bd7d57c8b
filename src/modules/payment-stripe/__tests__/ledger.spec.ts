import { MathBN, MedusaError } from "@medusajs/framework/utils"
import fc from "fast-check"
import {
  chargeableAmount,
  planStripeRefund,
  repeatedRecoveredRefund,
  RETRY_HORIZON_MS,
  toMinor,
  type StripeRefundEntry,
} from "../ledger"

const plan = (
  amount: string | number,
  refunds: StripeRefundEntry[] = [],
  opts: { currency?: string; received?: number; paymentAmount?: string } = {}
) =>
  planStripeRefund({
    intentId: "pi_1",
    currency: opts.currency ?? "usd",
    received: opts.received ?? 4156,
    paymentAmount: opts.paymentAmount ?? "41.562425",
    refunds,
    amount,
  })

describe("Stripe refunds at the currency's precision", () => {
  it("splits a sub-cent total so the parts add up to what Stripe charged", () => {
    const first = plan("20.785")
    expect(first).toEqual({ minor: 2078, key: "pi_1-refund-0-2078" })
    const second = plan("20.777425", [{ id: "re_1", minor: 2078, amount: "20.785" }])
    expect(second).toEqual({ minor: 2078, key: "pi_1-refund-1-2078" })
  })

  it("books the rest of a total charged rounded down without moving anything", () => {
    // 41.562425 USD charged as 4156 cents: refunding 41.56 returns all of it.
    const most = plan("41.56")
    expect(most.minor).toBe(4156)
    const rest = plan("0.002425", [{ id: "re_1", minor: 4156, amount: "41.56" }])
    expect(rest.minor).toBe(0)
    // Anything short of the whole that moves nothing is still refused.
    expect(() => plan("0.001", [{ id: "re_1", minor: 4156, amount: "41.56" }])).toThrow(
      /moves nothing at Stripe/
    )
  })

  it("keys the same refund retried alike, and a further refund of the same amount apart", () => {
    expect(plan(10).key).toBe(plan(10).key)
    expect(plan(10, [{ id: "re_1", minor: 1000, amount: "10" }]).key).not.toBe(plan(10).key)
  })

  it("refuses to repeat a refund recorded after its answer was lost, for Stripe's 24 hours", () => {
    const request = (amount: number, refunds: StripeRefundEntry[]) => ({
      intentId: "pi_1",
      currency: "eur",
      received: 4000,
      paymentAmount: "40",
      refunds,
      amount,
    })
    const lost = planStripeRefund(request(10, []))
    const at = Date.parse("2026-12-01T10:00:00Z")
    const adopted: StripeRefundEntry = {
      id: "re_1",
      minor: 1000,
      amount: "10",
      key: lost.key,
      adopted_at: new Date(at).toISOString(),
    }
    expect(repeatedRecoveredRefund(request(10, [adopted]), at + 60_000)).toBe(adopted)
    // Another amount, a day later, or after a further refund: a new refund.
    expect(repeatedRecoveredRefund(request(5, [adopted]), at + 60_000)).toBeUndefined()
    expect(
      repeatedRecoveredRefund(request(10, [adopted]), at + RETRY_HORIZON_MS + 1)
    ).toBeUndefined()
    const later = { id: "re_2", minor: 500, amount: "5", key: "pi_1-refund-1-500" }
    expect(repeatedRecoveredRefund(request(10, [adopted, later]), at + 60_000)).toBeUndefined()
    // Answered by Stripe, or made in Stripe's dashboard (no key): the same amount again is new.
    const answered = { ...adopted, adopted_at: undefined }
    expect(repeatedRecoveredRefund(request(10, [answered]), at + 60_000)).toBeUndefined()
    const dashboard = { ...adopted, key: undefined }
    expect(repeatedRecoveredRefund(request(10, [dashboard]), at + 60_000)).toBeUndefined()
  })

  it("refuses a fractional yen refund of a whole-yen payment, naming what can be refunded", () => {
    const error = (() => {
      try {
        plan("10.4", [], { currency: "jpy", received: 1200, paymentAmount: "1200" })
      } catch (e) {
        return e as MedusaError
      }
    })()
    expect(error?.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(error?.message).toMatch(/use 10 or 11/)
    expect(plan("10", [], { currency: "jpy", received: 1200, paymentAmount: "1200" }).minor).toBe(
      10
    )
  })

  it("moves three-decimal currencies in Stripe's steps of 10 minor units", () => {
    expect(toMinor("12.345", "kwd")).toBe(12350)
    expect(toMinor("12.344", "kwd")).toBe(12340)
    expect(toMinor("41.565", "usd")).toBe(4157)
    // Medusa's provider would round 12.341 up to 12.350; handed 12.34 it charges 12.340.
    expect(chargeableAmount("12.341", "kwd")).toBe("12.34")
    expect(chargeableAmount("12.341", "usd")).toBe("12.341")
    const kwd = (amount: string, refunds: StripeRefundEntry[] = [], paymentAmount = "12.345") =>
      plan(amount, refunds, { currency: "kwd", received: 12350, paymentAmount })
    const first = kwd("6")
    expect(first.minor).toBe(6000)
    const rest = kwd("6.345", [{ id: "re_1", minor: 6000, amount: "6" }])
    expect(rest.minor).toBe(6350)
    // A part below the step on a total that has none is refused, naming what can be refunded.
    expect(() => kwd("1.234", [], "12.34")).toThrow(/in steps of 0.01: .*use 1.23 or 1.24/)
  })

  it("never refunds more than Stripe received, and a full refund always reaches it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 6 }),
        (cents, shares) => {
          // A total with unrounded 4.5% tax, charged rounded to the cent.
          const whole = (cents / 100) * 1.045
          const received = toMinor(whole, "usd")
          const refunds: StripeRefundEntry[] = []
          let booked = 0
          for (const share of shares) {
            const amount = Math.floor((((whole - booked) * share) / 100) * 1000) / 1000
            if (amount <= 0) continue
            let minor: number
            try {
              minor = plan(amount, refunds, { received, paymentAmount: String(whole) }).minor
            } catch (error) {
              // A sliver that moves nothing at Stripe, or sub-cent digits on a total without
              // any, is refused, and Medusa books nothing.
              expect((error as Error).message).toMatch(/moves nothing at Stripe|in steps of 0.01/)
              continue
            }
            expect(minor).toBeGreaterThan(0)
            refunds.push({ id: `re_${refunds.length}`, minor, amount: String(amount) })
            booked += amount
          }
          const rest = plan(String(whole - booked), refunds, {
            received,
            paymentAmount: String(whole),
          })
          const total = refunds.reduce((sum, r) => sum + r.minor, 0) + rest.minor
          expect(total).toBe(received)
        }
      ),
      { seed: 20261203, numRuns: 200 }
    )
  })

  it("refunds a three-decimal total in whole steps that add up to what Stripe charged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 6 }),
        (fils, shares) => {
          const whole = MathBN.convert(fils).shiftedBy(-3).toFixed()
          const received = toMinor(whole, "kwd")
          expect(received % 10).toBe(0)
          const refunds: StripeRefundEntry[] = []
          let booked = MathBN.convert(0)
          for (const share of shares) {
            const amount = MathBN.convert(whole)
              .minus(booked)
              .times(share)
              .dividedBy(100)
              .decimalPlaces(3, 1)
            if (amount.lte(0)) continue
            const request = { currency: "kwd", received, paymentAmount: whole }
            let minor: number
            try {
              minor = plan(amount.toFixed(), refunds, request).minor
            } catch (error) {
              expect((error as Error).message).toMatch(/moves nothing at Stripe|in steps of 0.01/)
              continue
            }
            expect(minor % 10).toBe(0)
            refunds.push({ id: `re_${refunds.length}`, minor, amount: amount.toFixed() })
            booked = booked.plus(amount)
          }
          const last = plan(MathBN.convert(whole).minus(booked).toFixed(), refunds, {
            currency: "kwd",
            received,
            paymentAmount: whole,
          })
          expect(last.minor % 10).toBe(0)
          expect(refunds.reduce((sum, r) => sum + r.minor, 0) + last.minor).toBe(received)
        }
      ),
      { seed: 20261204, numRuns: 200 }
    )
  })
})
