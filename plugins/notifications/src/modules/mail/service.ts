import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import type { MailLinks } from "../../lib/options"
import { MailRenderer, type RenderedMail } from "../../lib/templates"
import MailCursor from "./models/mail-cursor"
import MailMessage, { type MailStatus } from "./models/mail-message"
import { MAIL_RETRY_SCHEDULE_MS, nextRetryMs } from "./retry"

/**
 * Options of the mail module, passed in `medusa-config.ts`: the outbox's retries, the templates,
 * and the shop details and links the mails carry (see `MailLinks`).
 */
export type MailModuleOptions = MailLinks & {
  /**
   * Waits before each retry of a mail the SMTP server refused; after the last the mail is
   * `failed`. @default 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h (8 attempts over about a day)
   */
  retryScheduleMs?: number[]
  /**
   * How long a worker holds a mail it is sending; a crashed worker's claim lapses after it.
   * @default 60000
   */
  leaseMs?: number
  /** Domain of generated Message-IDs. @default "zoco.local" */
  messageIdDomain?: string
  /**
   * A folder whose template files replace the packaged ones of the same name (see the README,
   * "Templates"). @default none: the packaged templates
   */
  templatesDir?: string
}

/** A mail to queue: what caused it (`key`), whom it goes to, and what to render. */
export type NewMail = {
  key: string
  template: string
  to: string
  data: Record<string, unknown>
  resource_type?: string
  resource_id?: string
}

export type ClaimedMail = {
  id: string
  key: string
  template: string
  to: string
  data: Record<string, unknown>
  attempts: number
  message_id: string
  resource_type: string | null
  resource_id: string | null
}

export type MailOutcome =
  | { ok: true; subject: string; html: string; text: string; transport: "smtp" | "mailbox" }
  | {
      ok: false
      error: string
      subject?: string
      /** The server refused this mail for good: no retry, it is `failed` at once. */
      final?: boolean
    }

/**
 * Mails that carry a one-time link (password resets, invitations). Once the SMTP server has
 * taken one, neither its body nor its data is kept: anyone reading the outbox in the dashboard
 * could otherwise use another person's link. In the dev mailbox they are kept: following the
 * link is what the mailbox is for.
 */
export const SECRET_TEMPLATES: ReadonlySet<string> = new Set([
  "customer-password-reset",
  "user-password-reset",
  "user-invite",
])

const CURSOR_ID = "events"

type Sql = { execute<T = unknown>(sql: string, params?: unknown[]): Promise<T> }

/**
 * The outbox of transactional mail. Rows are written before anything is sent, so a mail survives
 * SMTP outages and crashes; workers claim due rows, send them, and record the outcome. All SQL is
 * parameterized.
 */
export default class MailModuleService extends MedusaService({ MailMessage, MailCursor }) {
  readonly settings: { retryScheduleMs: number[]; leaseMs: number; messageIdDomain: string }
  /** Shop details and links, for the subscribers that build the mails. */
  readonly links: MailLinks
  private readonly renderer: MailRenderer

  constructor(deps: Record<string, unknown>, options: MailModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.settings = {
      retryScheduleMs: options.retryScheduleMs ?? MAIL_RETRY_SCHEDULE_MS,
      leaseMs: options.leaseMs ?? 60_000,
      messageIdDomain: options.messageIdDomain ?? "zoco.local",
    }
    const {
      retryScheduleMs: _r,
      leaseMs: _l,
      messageIdDomain: _m,
      templatesDir: _t,
      ...links
    } = options
    this.links = links
    this.renderer = new MailRenderer({
      templatesDir: options.templatesDir,
      locale: options.locale ?? "en-US",
    })
  }

  /** Subject, HTML and text of a mail, from the merchant's templates or the packaged ones. */
  render(template: string, data: Record<string, unknown>): Promise<RenderedMail> {
    return this.renderer.render(template, data)
  }

  /**
   * Queues mails, due at once. Idempotent on `key`: a cause that was queued before (an event
   * delivered twice, a subscriber run again) queues nothing. Returns the ids queued now.
   */
  @InjectTransactionManager()
  async enqueue(mails: NewMail[], @MedusaContext() sharedContext: Context = {}) {
    const sql = sharedContext.transactionManager as Sql
    const queued: string[] = []
    for (const mail of mails) {
      const id = generateEntityId(undefined, "mail")
      const rows = await sql.execute<{ id: string }[]>(
        `INSERT INTO mail_message (id, key, template, "to", data, resource_type, resource_id,
                                   message_id, next_attempt_at)
         VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, now())
         ON CONFLICT (key) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id`,
        [
          id,
          mail.key,
          mail.template,
          mail.to,
          JSON.stringify(mail.data),
          mail.resource_type ?? null,
          mail.resource_id ?? null,
          `<${randomUUID()}@${this.settings.messageIdDomain}>`,
        ]
      )
      queued.push(...rows.map((r) => r.id))
    }
    return queued
  }

  /**
   * Takes up to `limit` due mails for this worker (of `only`, when given) and counts the attempt. The row lock and the
   * lease check in one statement mean two workers never take the same mail.
   */
  @InjectTransactionManager()
  async claimDue(
    limit: number,
    only: string[] | undefined = undefined,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const sql = sharedContext.transactionManager as Sql
    return sql.execute<ClaimedMail[]>(
      `UPDATE mail_message m
          SET locked_until = now() + (? * interval '1 millisecond'),
              attempts = m.attempts + 1, updated_at = now()
        WHERE m.id IN (
          SELECT id FROM mail_message
           WHERE status = 'queued' AND next_attempt_at <= now() AND deleted_at IS NULL
             AND (locked_until IS NULL OR locked_until < now())
             AND (?::jsonb IS NULL OR id IN (SELECT jsonb_array_elements_text(?::jsonb)))
           ORDER BY next_attempt_at, id
           LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.key, m.template, m."to", m.data, m.attempts, m.message_id,
                 m.resource_type, m.resource_id`,
      [this.settings.leaseMs, ...Array(2).fill(only ? JSON.stringify(only) : null), limit]
    )
  }

  /**
   * Records one attempt's outcome. Only the claim that is still current may record it: a worker
   * whose lease lapsed (and whose mail another worker took) changes nothing.
   */
  @InjectTransactionManager()
  async recordOutcome(
    mail: Pick<ClaimedMail, "id" | "attempts" | "template">,
    outcome: MailOutcome,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MailStatus | undefined> {
    const sql = sharedContext.transactionManager as Sql
    if (outcome.ok) {
      const status: MailStatus = outcome.transport === "mailbox" ? "kept" : "sent"
      const forget = status === "sent" && SECRET_TEMPLATES.has(mail.template)
      const rows = await sql.execute<{ id: string }[]>(
        `UPDATE mail_message
            SET status = ?, subject = ?, html = ?, text = ?, transport = ?, sent_at = now(),
                data = CASE WHEN ? THEN '{}'::jsonb ELSE data END,
                locked_until = NULL, last_error = NULL, updated_at = now()
          WHERE id = ? AND attempts = ? AND status = 'queued'
          RETURNING id`,
        [
          status,
          outcome.subject,
          forget ? null : outcome.html,
          forget ? null : outcome.text,
          outcome.transport,
          forget,
          mail.id,
          mail.attempts,
        ]
      )
      return rows.length ? status : undefined
    }
    const wait = outcome.final
      ? undefined
      : nextRetryMs(mail.attempts, this.settings.retryScheduleMs)
    const status: MailStatus = wait === undefined ? "failed" : "queued"
    const rows = await sql.execute<{ id: string }[]>(
      `UPDATE mail_message
          SET status = ?, last_error = ?, locked_until = NULL,
              next_attempt_at = now() + (? * interval '1 millisecond'),
              subject = coalesce(?, subject), updated_at = now()
        WHERE id = ? AND attempts = ? AND status = 'queued'
        RETURNING id`,
      [
        status,
        outcome.error.slice(0, 2_000),
        wait ?? 0,
        outcome.subject ?? null,
        mail.id,
        mail.attempts,
      ]
    )
    return rows.length ? status : undefined
  }

  /** Makes a failed mail due again, with a fresh set of attempts (the merchant's "send again"). */
  @InjectTransactionManager()
  async requeue(id: string, @MedusaContext() sharedContext: Context = {}) {
    const sql = sharedContext.transactionManager as Sql
    const rows = await sql.execute<{ id: string }[]>(
      `UPDATE mail_message
          SET status = 'queued', attempts = 0, next_attempt_at = now(), locked_until = NULL,
              updated_at = now()
        WHERE id = ? AND status = 'failed' AND deleted_at IS NULL
        RETURNING id`,
      [id]
    )
    return rows.length > 0
  }

  /**
   * How far causes have been compared with the outbox (`reconcileMails`). The row is written by
   * the module's migration, at installation; when it is missing, from now.
   */
  @InjectTransactionManager()
  async cursor(@MedusaContext() sharedContext: Context = {}): Promise<Date> {
    const sql = sharedContext.transactionManager as Sql
    await sql.execute(
      `INSERT INTO mail_cursor (id, through) VALUES (?, now()) ON CONFLICT (id) DO NOTHING`,
      [CURSOR_ID]
    )
    const [row] = await sql.execute<{ through: Date }[]>(
      `SELECT through FROM mail_cursor WHERE id = ?`,
      [CURSOR_ID]
    )
    return new Date(row.through)
  }

  /** Moves the cursor forward to `to`; never back, whichever process finishes last. */
  @InjectTransactionManager()
  async advanceCursor(to: Date, @MedusaContext() sharedContext: Context = {}) {
    const sql = sharedContext.transactionManager as Sql
    await sql.execute(
      `UPDATE mail_cursor SET through = greatest(through, ?), updated_at = now() WHERE id = ?`,
      [to, CURSOR_ID]
    )
  }

  /** Mails per status, for the metrics and the health page. */
  @InjectTransactionManager()
  async countByStatus(@MedusaContext() sharedContext: Context = {}) {
    const sql = sharedContext.transactionManager as Sql
    const rows = await sql.execute<{ status: MailStatus; n: string }[]>(
      `SELECT status, count(*) AS n FROM mail_message WHERE deleted_at IS NULL GROUP BY status`
    )
    const counts: Record<MailStatus, number> = { queued: 0, sent: 0, kept: 0, failed: 0 }
    for (const row of rows) counts[row.status] = Number(row.n)
    return counts
  }
}
