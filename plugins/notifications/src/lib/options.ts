/**
 * The shop details and links mails carry; part of the mail module's options (Medusa hands plugin
 * options to no subscriber, so the subscribers read these from the module).
 */
export type MailLinks = {
  /**
   * The storefront's public URL: links in customers' mails start with it.
   * @default "http://localhost:8000" (Medusa's Next.js starter in development)
   */
  storefrontUrl?: string
  /**
   * The admin dashboard's public URL, with its `/app`: links in staff mails start with it.
   * @default "http://localhost:9000/app"
   */
  adminUrl?: string
  /**
   * Storefront paths, with placeholders `{token}`, `{email}`, `{order_id}`, `{display_id}`
   * (each URL-encoded when filled in).
   */
  paths?: {
    /** @default "/reset-password?token={token}&email={email}" */
    resetPassword?: string
    /** A registered customer's order page. @default "/account/orders/details/{order_id}" */
    order?: string
    /** A guest's order page; unset: guests' mails carry no order link. */
    guestOrder?: string
    /** @default "/account" */
    account?: string
  }
  /** The shop's name in mails; unset: the store's name in the admin's Store settings. */
  shopName?: string
  /** An absolute URL of the logo shown at the top of every mail; unset: the shop's name. */
  logoUrl?: string
  /** Locale of the mails' money and dates. @default "en-US" */
  locale?: string
}

export const DEFAULT_PATHS = {
  resetPassword: "/reset-password?token={token}&email={email}",
  order: "/account/orders/details/{order_id}",
  account: "/account",
}

/** An absolute link: `base` joined with `path`, its `{placeholders}` filled in URL-encoded. */
export function link(base: string, path: string, values: Record<string, string | number> = {}) {
  const filled = path.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(String(values[name])) : whole
  )
  return `${base.replace(/\/+$/, "")}/${filled.replace(/^\/+/, "")}`
}
