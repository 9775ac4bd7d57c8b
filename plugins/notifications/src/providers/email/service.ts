import type {
  Logger,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import nodemailer, { type Transporter } from "nodemailer"
import { FINAL_REFUSAL, isFinalSmtpRefusal } from "../../lib/refusal"
import { headerSafe, MailRenderer } from "../../lib/templates"

/** Options of the `email` channel's provider, passed in `medusa-config.ts`. */
export type EmailProviderOptions = {
  /**
   * The SMTP server, as a URL: `smtps://user:password@smtp.example.com:465` (TLS from the start)
   * or `smtp://user:password@smtp.example.com:587` (STARTTLS). Any relay speaks it: SES,
   * Postmark, Mailgun, SendGrid. Unset: nothing is sent, and mails are kept in the dev mailbox.
   * @example "smtps://apikey:secret@smtp.sendgrid.net:465"
   */
  smtpUrl?: string
  /**
   * The From header of every mail.
   * @example "Zoco Shop <shop@example.com>"
   */
  from: string
  /** The Reply-To header, when replies go elsewhere than From. */
  replyTo?: string
  /** How long one SMTP conversation may take. @default 30000 */
  timeoutMs?: number
  /**
   * For notifications sent with a template name and no content: a folder of template files that
   * replace the packaged ones. @default none
   */
  templatesDir?: string
  /** Locale for money and dates in those. @default "en-US" */
  locale?: string
}

// One recipient, nothing that could close the address or add another (no spaces, commas,
// semicolons, angle brackets or quotes).
const SINGLE_ADDRESS = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+\.[^\s@,;<>"()[\]\\]+$/

/**
 * Sends the `email` channel's notifications over SMTP with nodemailer. A notification carries
 * its rendered `content` (as the outbox sends it) or a template name and data, rendered here.
 * Without an SMTP URL it sends nothing and answers with a `mailbox:` id: the outbox then keeps
 * the mail in the dev mailbox.
 */
export default class ZocoEmailProvider extends AbstractNotificationProviderService {
  static override identifier = "zoco-email"

  private readonly transport: Transporter | undefined
  private renderer: MailRenderer | undefined

  static override validateOptions(options: Record<string, unknown>) {
    if (typeof options.from !== "string" || !options.from.trim()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The email provider needs `from` (MAIL_FROM), the address mails are sent from."
      )
    }
    if (options.smtpUrl !== undefined) {
      const protocol = (() => {
        try {
          return new URL(String(options.smtpUrl)).protocol
        } catch {
          return undefined
        }
      })()
      if (protocol !== "smtp:" && protocol !== "smtps:") {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          "The email provider's `smtpUrl` (SMTP_URL) must be an smtp:// or smtps:// URL."
        )
      }
    }
  }

  constructor(
    private readonly deps: { logger: Logger },
    private readonly options: EmailProviderOptions
  ) {
    super()
    const timeout = options.timeoutMs ?? 30_000
    this.transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        })
      : undefined
  }

  override async send(
    notification: ProviderSendNotificationDTO
  ): Promise<ProviderSendNotificationResultsDTO> {
    const to = notification.to.trim()
    if (!SINGLE_ADDRESS.test(to)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `An email notification goes to exactly one valid address ${FINAL_REFUSAL}.`
      )
    }
    const content =
      notification.content?.html || notification.content?.text
        ? notification.content
        : await this.render(notification.template, notification.data ?? {})
    const requested = notification.provider_data?.message_id
    const messageId = typeof requested === "string" ? requested : `<${randomUUID()}@zoco.local>`
    if (!this.transport) return { id: `mailbox:${messageId}` }
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        replyTo: this.options.replyTo,
        to,
        subject: headerSafe(content.subject ?? ""),
        html: content.html,
        text: content.text,
        messageId,
      })
      return { id: info.messageId || messageId }
    } catch (error) {
      if (!isFinalSmtpRefusal(error)) throw error
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `${(error as Error).message} ${FINAL_REFUSAL}`
      )
    }
  }

  private render(template: string, data: Record<string, unknown>) {
    this.renderer ??= new MailRenderer({
      templatesDir: this.options.templatesDir,
      locale: this.options.locale ?? "en-US",
    })
    return this.renderer.render(template, data)
  }
}
