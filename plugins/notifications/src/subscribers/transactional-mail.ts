import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { deliverDueMails } from "../lib/deliver"
import {
  inviteMails,
  orderMails,
  passwordResetMails,
  refundMails,
  shipmentMails,
  welcomeMails,
  type MailContext,
} from "../lib/mails"
import { MAIL_MODULE } from "../modules/mail"
import type MailModuleService from "../modules/mail/service"
import { enqueueMailsWorkflow } from "../workflows/enqueue-mails"

type EventData = {
  id?: string
  no_notification?: boolean
  entity_id?: string
  token?: string
  actor_type?: string
}

function mailsFor(ctx: MailContext, name: string, data: EventData) {
  const id = data.id ?? ""
  switch (name) {
    case "order.placed":
      return orderMails(ctx, name, "order-placed", id)
    case "order.canceled":
      return orderMails(ctx, name, "order-canceled", id)
    case "shipment.created":
      return data.no_notification ? Promise.resolve([]) : shipmentMails(ctx, id)
    case "payment.refunded":
      return refundMails(ctx, id)
    case "customer.created":
      return welcomeMails(ctx, id)
    case "auth.password_reset":
      return passwordResetMails(ctx, data)
    case "invite.created":
    case "invite.resent":
      return inviteMails(ctx, name, id)
    default:
      return Promise.resolve([])
  }
}

/**
 * Queues the mail an event calls for in the outbox, then sends it at once; the retry job sends
 * whatever this could not.
 */
export default async function transactionalMail({ event, container }: SubscriberArgs<EventData>) {
  const ctx: MailContext = {
    container,
    options: container.resolve<MailModuleService>(MAIL_MODULE).links,
  }
  const mails = await mailsFor(ctx, event.name, event.data)
  if (!mails.length) return
  const { result: queued } = await enqueueMailsWorkflow(container).run({ input: { mails } })
  // Only what this event queued: a backlog (an SMTP outage) is the retry job's, not each event's.
  if (queued.length) await deliverDueMails(container, { only: queued })
}

export const config: SubscriberConfig = {
  event: [
    "order.placed",
    "order.canceled",
    "shipment.created",
    "payment.refunded",
    "customer.created",
    "auth.password_reset",
    "invite.created",
    "invite.resent",
  ],
  context: { subscriberId: "zoco-transactional-mail" },
}
