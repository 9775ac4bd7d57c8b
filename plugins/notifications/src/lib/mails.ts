import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createHash } from "crypto"
import type { NewMail } from "../modules/mail"
import { DEFAULT_PATHS, link, type MailLinks } from "./options"

/** What a subscriber needs to build mails: the container, the shop details and links. */
export type MailContext = { container: MedusaContainer; options: MailLinks }

type Row = Record<string, unknown>
// Medusa's reset token lives 15 minutes (generateResetPasswordTokenWorkflow).
const RESET_TOKEN_MINUTES = 15
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/

const ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "currency_code",
  "created_at",
  "item_total",
  "shipping_total",
  "tax_total",
  "discount_total",
  "total",
  "items.id",
  "items.title",
  "items.variant_title",
  "items.quantity",
  "items.total",
  "shipping_address.first_name",
  "shipping_address.last_name",
  "shipping_address.address_1",
  "shipping_address.postal_code",
  "shipping_address.city",
  "shipping_address.country_code",
  "customer.first_name",
  "customer.has_account",
]

/** A key part that names a secret without holding it. */
const fingerprint = (secret: string) =>
  createHash("sha256").update(secret).digest("hex").slice(0, 24)

async function graph(ctx: MailContext, entity: string, fields: string[], filters: Row) {
  const query = ctx.container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields, filters })
  return data as Row[]
}

async function shop(ctx: MailContext) {
  const name =
    ctx.options.shopName ??
    ((await graph(ctx, "store", ["name"], {}))[0]?.name as string | undefined) ??
    "Zoco"
  return {
    name,
    logo_url: ctx.options.logoUrl,
    storefront_url: ctx.options.storefrontUrl ?? "http://localhost:8000",
  }
}

function orderView(order: Row) {
  const address = order.shipping_address as Row | null
  const customer = order.customer as Row | null
  return {
    ...order,
    customer_name: (customer?.first_name as string) || (address?.first_name as string) || "",
  }
}

function orderUrl(ctx: MailContext, order: Row) {
  const base = ctx.options.storefrontUrl ?? "http://localhost:8000"
  const registered = (order.customer as Row | null)?.has_account === true
  const path = registered
    ? (ctx.options.paths?.order ?? DEFAULT_PATHS.order)
    : ctx.options.paths?.guestOrder
  return path
    ? link(base, path, { order_id: order.id as string, display_id: order.display_id as number })
    : undefined
}

/** `order.placed` and `order.canceled`: the order's mail to its email address. */
export async function orderMails(
  ctx: MailContext,
  event: string,
  template: "order-placed" | "order-canceled",
  orderId: string
): Promise<NewMail[]> {
  const [order] = await graph(ctx, "order", ORDER_FIELDS, { id: orderId })
  if (!order || typeof order.email !== "string" || !EMAIL.test(order.email)) return []
  return [
    {
      key: `${event}:${template}:${orderId}:${order.email}`,
      template,
      to: order.email,
      resource_type: "order",
      resource_id: orderId,
      data: { shop: await shop(ctx), order: orderView(order), order_url: orderUrl(ctx, order) },
    },
  ]
}

/** `shipment.created`: the shipped items and tracking numbers, unless the merchant said not to. */
export async function shipmentMails(ctx: MailContext, fulfillmentId: string): Promise<NewMail[]> {
  const [fulfillment] = await graph(
    ctx,
    "fulfillment",
    [
      "id",
      "items.title",
      "items.quantity",
      "items.line_item_id",
      "labels.tracking_number",
      "labels.tracking_url",
      ...ORDER_FIELDS.map((f) => `order.${f}`),
    ],
    { id: fulfillmentId }
  )
  const order = fulfillment?.order as Row | undefined
  if (!order || typeof order.email !== "string" || !EMAIL.test(order.email)) return []
  const labels = (fulfillment.labels as Row[] | null) ?? []
  // A fulfillment item's own title is the variant's ("S / Black"): the mail names the product as
  // the order's line does.
  const lines = new Map(((order.items as Row[] | null) ?? []).map((item) => [item.id, item]))
  const items = ((fulfillment.items as Row[] | null) ?? []).map((item) => {
    const line = lines.get(item.line_item_id)
    return line
      ? { title: line.title, variant_title: line.variant_title, quantity: item.quantity }
      : { title: item.title, quantity: item.quantity }
  })
  return [
    {
      key: `shipment.created:shipment-created:${fulfillmentId}:${order.email}`,
      template: "shipment-created",
      to: order.email,
      resource_type: "order",
      resource_id: order.id as string,
      data: {
        shop: await shop(ctx),
        order: orderView(order),
        order_url: orderUrl(ctx, order),
        items,
        tracking: labels
          .filter((l) => l.tracking_number)
          .map((l) => ({ number: l.tracking_number, url: l.tracking_url || undefined })),
      },
    },
  ]
}

/** `payment.refunded`: one mail per refund of the payment, each queued once. */
export async function refundMails(ctx: MailContext, paymentId: string): Promise<NewMail[]> {
  const [payment] = await graph(
    ctx,
    "payment",
    [
      "id",
      "currency_code",
      "refunds.id",
      "refunds.amount",
      ...ORDER_FIELDS.map((f) => `payment_collection.order.${f}`),
    ],
    { id: paymentId }
  )
  const order = (payment?.payment_collection as Row | undefined)?.order as Row | undefined
  if (!order || typeof order.email !== "string" || !EMAIL.test(order.email)) return []
  const to = order.email
  const common = { shop: await shop(ctx), order: orderView(order), order_url: orderUrl(ctx, order) }
  return ((payment.refunds as Row[] | null) ?? []).map((refund) => ({
    key: `payment.refunded:refund-issued:${refund.id}:${to}`,
    template: "refund-issued",
    to,
    resource_type: "order",
    resource_id: order.id as string,
    data: { ...common, amount: refund.amount, currency_code: payment.currency_code },
  }))
}

/** `customer.created`: a welcome for a customer who registered (not a guest's record). */
export async function welcomeMails(ctx: MailContext, customerId: string): Promise<NewMail[]> {
  const [customer] = await graph(ctx, "customer", ["id", "email", "first_name", "has_account"], {
    id: customerId,
  })
  if (!customer?.has_account || typeof customer.email !== "string" || !EMAIL.test(customer.email)) {
    return []
  }
  const base = ctx.options.storefrontUrl ?? "http://localhost:8000"
  return [
    {
      key: `customer.created:customer-welcome:${customerId}:${customer.email}`,
      template: "customer-welcome",
      to: customer.email,
      resource_type: "customer",
      resource_id: customerId,
      data: {
        shop: await shop(ctx),
        customer: { first_name: customer.first_name, email: customer.email },
        account_url: link(base, ctx.options.paths?.account ?? DEFAULT_PATHS.account),
      },
    },
  ]
}

/**
 * `auth.password_reset`: the link with Medusa's token, to the storefront for customers and to
 * the dashboard for staff. Medusa emits it only for an account that exists, and answers the
 * request the same either way, so nobody learns from the answer whether an address has one.
 */
export async function passwordResetMails(
  ctx: MailContext,
  data: { entity_id?: string; token?: string; actor_type?: string }
): Promise<NewMail[]> {
  const email = data.entity_id ?? ""
  if (!data.token || !EMAIL.test(email)) return []
  const staff = data.actor_type === "user"
  if (!staff && data.actor_type !== "customer") return []
  const template = staff ? "user-password-reset" : "customer-password-reset"
  const resetUrl = staff
    ? link(adminUrl(ctx), "/reset-password?token={token}", { token: data.token })
    : link(
        ctx.options.storefrontUrl ?? "http://localhost:8000",
        ctx.options.paths?.resetPassword ?? DEFAULT_PATHS.resetPassword,
        { token: data.token, email }
      )
  return [
    {
      key: `auth.password_reset:${template}:${fingerprint(data.token)}:${email}`,
      template,
      to: email,
      resource_type: staff ? "user" : "customer",
      data: {
        shop: await shop(ctx),
        email,
        reset_url: resetUrl,
        valid_minutes: RESET_TOKEN_MINUTES,
      },
    },
  ]
}

/** `invite.created` and `invite.resent`: the invitation link to the dashboard, with its token. */
export async function inviteMails(ctx: MailContext, event: string, inviteId: string) {
  const [invite] = await graph(ctx, "invite", ["id", "email", "token", "expires_at"], {
    id: inviteId,
  })
  if (!invite || typeof invite.token !== "string" || !EMAIL.test(String(invite.email))) return []
  const email = invite.email as string
  return [
    {
      key: `${event}:user-invite:${inviteId}:${fingerprint(invite.token)}`,
      template: "user-invite",
      to: email,
      resource_type: "invite",
      resource_id: inviteId,
      data: {
        shop: await shop(ctx),
        email,
        invite_url: link(adminUrl(ctx), "/invite?token={token}", { token: invite.token }),
        expires_at: invite.expires_at,
      },
    },
  ] satisfies NewMail[]
}

function adminUrl(ctx: MailContext) {
  return ctx.options.adminUrl ?? "http://localhost:9000/app"
}
