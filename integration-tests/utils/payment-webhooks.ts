import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { EventEmitter } from "events"

const EVENT = "payment.webhook_received"
type Listener = (...args: unknown[]) => unknown

/**
 * Resolves once every `payment.webhook_received` subscriber (Medusa's, and Zoco's that books
 * Stripe dashboard refunds) has handled `count` more payment webhooks to the end, whatever it
 * decided (a forged event makes Medusa's throw). Call it before posting the webhooks, then await
 * it instead of sleeping for "long enough".
 *
 * Medusa's `waitSubscribersExecution` counts the runs of all subscribers together, so with two
 * subscribers and two deliveries it resolved once the fast one had run twice; here each
 * subscriber's runs are counted on their own. It reads the local event bus's emitter, as
 * Medusa's helper does.
 */
export function paymentWebhooksHandled(container: MedusaContainer, count = 1): Promise<void> {
  const bus = container.resolve(Modules.EVENT_BUS) as unknown as { eventEmitter_: EventEmitter }
  const emitter = bus.eventEmitter_
  const originals = emitter.listeners(EVENT) as Listener[]
  const wrappers: Listener[] = []
  const restore = () => {
    for (const [i, wrapper] of wrappers.entries()) {
      emitter.removeListener(EVENT, wrapper)
      emitter.on(EVENT, originals[i])
    }
  }
  return new Promise<void>((resolve, reject) => {
    let waiting = originals.length
    if (waiting === 0) return reject(new Error(`nothing subscribes to ${EVENT}`))
    const timer = setTimeout(() => {
      restore()
      reject(new Error(`Timeout of 60000 ms waiting for ${count} payment webhook(s) handled`))
    }, 60_000)
    for (const listener of originals) {
      let runs = 0
      const wrapper: Listener = async (...args) => {
        try {
          await listener.apply(bus, args)
        } catch {
          // A forged or garbled event: the subscriber refused it, which is what it is for.
        } finally {
          if (++runs === count && --waiting === 0) {
            clearTimeout(timer)
            restore()
            resolve()
          }
        }
      }
      wrappers.push(wrapper)
      emitter.removeListener(EVENT, listener)
      emitter.on(EVENT, wrapper)
    }
  })
}
