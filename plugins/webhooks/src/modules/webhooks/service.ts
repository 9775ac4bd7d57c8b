import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { inForce, saveRulesRow, type RulesChange, type SavedRules } from "@zoco/plugin-kit/rules"
import type { AddressPolicy } from "./address-guard"
import WebhookDelivery from "./models/webhook-delivery"
import WebhookEndpoint from "./models/webhook-endpoint"
import WebhookSettings from "./models/webhook-settings"
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from "./retry"
import type { Outcome } from "./send"
import { newSecret } from "./signature"

/** Options of the webhooks module, passed in `medusa-config.ts`. */
export type WebhooksOptions = {
  /**
   * Hosts a webhook may reach although they resolve to loopback or private addresses (an
   * internal ERP on the same network, a receiver in tests).
   * @default []
   */
  allowedHosts?: string[]
  /**
   * Accept `http:` endpoint URLs. Leave off in production: payloads carry customer data.
   * @default false
   */
  allowHttp?: boolean
  /** Attempts and waits of failed deliveries. @default 14 attempts over about a day */
  retry?: Partial<RetryPolicy>
  /**
   * An endpoint whose deliveries have failed for this long is paused.
   * @default 86400000 (a day)
   */
  pauseAfterMs?: number
  /**
   * How long a worker holds a delivery it is sending; a crashed worker's claim lapses after it.
   * @default 60000
   */
  leaseMs?: number
}

/** The delivery rules a merchant can change in the dashboard. */
export type WebhookRules = {
  /** Attempts in all, the first included, before a delivery is dead. */
  max_attempts: number
  /** An endpoint whose deliveries have failed for this many hours is paused. */
  pause_after_hours: number
}

/** What the merchant set; `null` where the module's option applies. */
export type SavedWebhookRules = SavedRules<WebhookRules>

/** Limits of what a merchant may set. */
export const WEBHOOK_RULE_LIMITS = {
  max_attempts: { min: 1, max: 50 },
  pause_after_hours: { min: 1, max: 720 },
} as const

/** The merchant's rules: one row. */
const SETTINGS_ROW = {
  table: "webhook_settings",
  id: "whset_rules",
  columns: [{ name: "max_attempts" }, { name: "pause_after_hours" }],
} as const

export type WebhookEvent = { id: string; type: string; created_at: string; data: unknown }

type Sql = { execute<T = unknown>(sql: string, params?: unknown[]): Promise<T> }

export type ClaimedDelivery = {
  id: string
  endpoint_id: string
  event_id: string
  event_type: string
  payload: WebhookEvent
  attempts: number
  url: string
  secret: string
  previous_secret: string | null
  previous_secret_expires_at: Date | null
  timeout_ms: number
}

/**
 * Endpoints and the delivery queue. A delivery row is written for each matching endpoint before
 * anything is sent, so an event survives crashes and outages; workers claim due rows, send them
 * (`lib/sender.ts`: the network is not this service's) and record the outcome here. All SQL is
 * parameterized.
 */
export default class WebhooksService extends MedusaService({
  WebhookEndpoint,
  WebhookDelivery,
  WebhookSettings,
}) {
  readonly settings: AddressPolicy & {
    retry: RetryPolicy
    pauseAfterMs: number
    leaseMs: number
  }

  constructor(deps: Record<string, unknown>, options: WebhooksOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.settings = {
      allowedHosts: options.allowedHosts ?? [],
      allowHttp: options.allowHttp ?? false,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      pauseAfterMs: options.pauseAfterMs ?? 86_400_000,
      leaseMs: options.leaseMs ?? 60_000,
    }
  }

  /** The rules the module's options set, which apply wherever the merchant changed nothing. */
  defaultRules(): WebhookRules {
    return {
      max_attempts: this.settings.retry.maxAttempts,
      pause_after_hours: this.settings.pauseAfterMs / 3_600_000,
    }
  }

  /** What the merchant set in the dashboard; `null` where nothing was set. */
  @InjectManager()
  async savedRules(@MedusaContext() sharedContext: Context = {}): Promise<SavedWebhookRules> {
    const [row] = await this.listWebhookSettings({}, { take: 1 }, sharedContext)
    return {
      max_attempts: row?.max_attempts ?? null,
      pause_after_hours: row?.pause_after_hours ?? null,
    }
  }

  /**
   * The rules in force: read from the database on every attempt, so a change made on one server
   * applies at once on all of them.
   */
  @InjectManager()
  async rules(@MedusaContext() sharedContext: Context = {}): Promise<WebhookRules> {
    return inForce(await this.savedRules(sharedContext), this.defaultRules())
  }

  /** Sets the rules given; `null` returns a rule to the module's option. */
  @InjectTransactionManager()
  async changeRules(
    change: RulesChange<WebhookRules>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const columns = (["max_attempts", "pause_after_hours"] as const).filter((c) => c in change)
    for (const column of columns) {
      const value = change[column]
      const { min, max } = WEBHOOK_RULE_LIMITS[column]
      if (value !== null && !(Number.isInteger(value) && value! >= min && value! <= max)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${column} must be a whole number from ${min} to ${max}`
        )
      }
    }
    await saveRulesRow(sharedContext.transactionManager as Sql, SETTINGS_ROW, change)
  }

  /**
   * A new endpoint, with a generated secret unless the merchant brings one (a receiver moved from
   * another platform); the only time the secret is returned.
   */
  async registerEndpoint(input: {
    url: string
    events: string[]
    description?: string
    secret?: string
    timeout_ms?: number
    max_concurrency?: number
  }) {
    const [endpoint] = await this.createWebhookEndpoints([
      { ...input, description: input.description ?? null, secret: input.secret ?? newSecret() },
    ])
    return endpoint
  }

  /** A new secret; the old one keeps signing, next to it, for `overlapMs`. */
  async rotateSecret(endpointId: string, overlapMs = 86_400_000, secret = newSecret()) {
    const endpoint = await this.retrieveWebhookEndpoint(endpointId)
    const [updated] = await this.updateWebhookEndpoints([
      {
        id: endpointId,
        secret,
        previous_secret: endpoint.secret,
        previous_secret_expires_at: new Date(Date.now() + overlapMs),
      },
    ])
    return updated
  }

  /**
   * Writes one delivery per active endpoint subscribed to the event. Idempotent: the same event
   * id never gives an endpoint a second delivery. Returns the ids written now.
   *
   * `only` sends to that one endpoint, subscribed or not (a ping). `occurredAt` is when the event
   * happened, for events enqueued later (reconciliation): an endpoint added after that moment does
   * not receive it, as it would not have had the event come on time.
   */
  @InjectTransactionManager()
  async enqueue(
    event: WebhookEvent,
    { only, occurredAt }: { only?: string; occurredAt?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ) {
    const sql = sharedContext.transactionManager as Sql
    const endpoints = only
      ? await sql.execute<{ id: string }[]>(
          `SELECT id FROM webhook_endpoint WHERE id = ? AND deleted_at IS NULL`,
          [only]
        )
      : await sql.execute<{ id: string }[]>(
          `SELECT id FROM webhook_endpoint
            WHERE status = 'active' AND deleted_at IS NULL AND ? = ANY(events)
              AND (?::timestamptz IS NULL OR created_at <= ?::timestamptz)`,
          [event.type, occurredAt ?? null, occurredAt ?? null]
        )
    const written: string[] = []
    for (const { id: endpointId } of endpoints) {
      const rows = await sql.execute<{ id: string }[]>(
        `INSERT INTO webhook_delivery (id, endpoint_id, event_id, event_type, payload, next_attempt_at)
         VALUES (?, ?, ?, ?, ?::jsonb, now())
         ON CONFLICT (endpoint_id, event_id) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id`,
        [
          generateEntityId(undefined, "whdl"),
          endpointId,
          event.id,
          event.type,
          JSON.stringify(event),
        ]
      )
      written.push(...rows.map((r) => r.id))
    }
    return written
  }

  /**
   * Of the given events of one type, those that some active endpoint subscribed to the type, and
   * added before the event happened, has no delivery for: what the reconciliation job must enqueue.
   */
  @InjectTransactionManager()
  async missingEvents(
    type: string,
    events: { id: string; occurredAt: Date }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!events.length) return []
    const sql = sharedContext.transactionManager as Sql
    const rows = await sql.execute<{ event_id: string }[]>(
      `SELECT DISTINCT ids.event_id
         FROM jsonb_to_recordset(?::jsonb) AS ids(event_id text, occurred_at timestamptz)
         JOIN webhook_endpoint e ON e.status = 'active' AND e.deleted_at IS NULL
          AND ? = ANY(e.events) AND e.created_at <= ids.occurred_at
        WHERE NOT EXISTS (SELECT 1 FROM webhook_delivery d
                           WHERE d.endpoint_id = e.id AND d.event_id = ids.event_id
                             AND d.deleted_at IS NULL)`,
      [JSON.stringify(events.map((e) => ({ event_id: e.id, occurred_at: e.occurredAt }))), type]
    )
    return rows.map((r) => r.event_id)
  }

  /**
   * Takes up to `limit` due deliveries for this worker, respecting each endpoint's concurrency.
   * The update re-checks the lease under the row lock, so two workers never take the same one.
   */
  @InjectTransactionManager()
  async claimDue(
    limit: number,
    only: string[] | undefined = undefined,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const sql = sharedContext.transactionManager as Sql
    return sql.execute<ClaimedDelivery[]>(
      `WITH busy AS (
         SELECT endpoint_id, count(*) AS n FROM webhook_delivery
          WHERE status = 'pending' AND locked_until > now() AND deleted_at IS NULL
          GROUP BY endpoint_id
       ), due AS (
         SELECT d.id, e.max_concurrency - coalesce(b.n, 0) AS room,
                row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS rank
           FROM webhook_delivery d
           JOIN webhook_endpoint e ON e.id = d.endpoint_id
            AND e.status = 'active' AND e.deleted_at IS NULL
           LEFT JOIN busy b ON b.endpoint_id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND d.deleted_at IS NULL
            AND (d.locked_until IS NULL OR d.locked_until <= now())
            AND (?::jsonb IS NULL OR d.id IN (SELECT jsonb_array_elements_text(?::jsonb)))
       ), picked AS (
         SELECT id FROM due WHERE rank <= room ORDER BY rank LIMIT ?
       )
       UPDATE webhook_delivery d
          -- Never shorter than two of the endpoint's timeouts: a slow send must not be taken
          -- over by another worker while it is still waiting for its answer.
          SET locked_until = now() + (greatest(?, 2 * e.timeout_ms) * interval '1 millisecond')
         FROM webhook_endpoint e
        WHERE d.id IN (SELECT id FROM picked) AND e.id = d.endpoint_id
          AND d.status = 'pending' AND (d.locked_until IS NULL OR d.locked_until <= now())
      RETURNING d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempts,
                e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, e.timeout_ms`,
      [...Array(2).fill(only ? JSON.stringify(only) : null), limit, this.settings.leaseMs]
    )
  }

  /**
   * Records one attempt: delivered, retried later, or dead (after the rules' attempts); pauses an
   * endpoint failing for the rules' hours.
   */
  @InjectTransactionManager()
  async recordAttempt(
    delivery: ClaimedDelivery,
    outcome: Outcome,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const sql = sharedContext.transactionManager as Sql
    const attempts = delivery.attempts + 1
    const rules = await this.rules(sharedContext)
    const retry = { ...this.settings.retry, maxAttempts: rules.max_attempts }
    const pauseAfterMs = Math.round(rules.pause_after_hours * 3_600_000)
    const status = outcome.ok ? "succeeded" : attempts >= retry.maxAttempts ? "dead" : "pending"
    await sql.execute(
      `UPDATE webhook_delivery SET status = ?, attempts = ?, locked_until = NULL,
         next_attempt_at = now() + (? * interval '1 millisecond'),
         last_status_code = ?, last_error = ?, last_duration_ms = ?,
         delivered_at = CASE WHEN ? THEN now() ELSE delivered_at END, updated_at = now()
       WHERE id = ?`,
      [
        status,
        attempts,
        outcome.ok ? 0 : retryDelayMs(attempts, retry),
        outcome.status_code,
        outcome.error?.slice(0, 1_000) ?? null,
        outcome.duration_ms,
        outcome.ok,
        delivery.id,
      ]
    )
    if (outcome.ok) {
      await sql.execute(`UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ?`, [
        delivery.endpoint_id,
      ])
      return { status, endpointPaused: false }
    }
    const [before] = await sql.execute<{ status: string }[]>(
      `SELECT status FROM webhook_endpoint WHERE id = ? FOR UPDATE`,
      [delivery.endpoint_id]
    )
    const [after] = await sql.execute<{ status: string }[]>(
      `UPDATE webhook_endpoint SET failing_since = coalesce(failing_since, now()),
         status = CASE WHEN coalesce(failing_since, now()) <= now() - (? * interval '1 millisecond')
                       THEN 'paused' ELSE status END,
         paused_reason = CASE WHEN coalesce(failing_since, now()) <= now() - (? * interval '1 millisecond')
                       THEN ? ELSE paused_reason END
       WHERE id = ? RETURNING status`,
      [
        pauseAfterMs,
        pauseAfterMs,
        `Every delivery failed for ${span(pauseAfterMs)}`,
        delivery.endpoint_id,
      ]
    )
    return { status, endpointPaused: before?.status === "active" && after?.status === "paused" }
  }

  /** Puts a delivery back in line now, whatever its state (the admin's "redeliver"). */
  async redeliver(deliveryId: string) {
    const [delivery] = await this.listWebhookDeliveries({ id: deliveryId })
    if (!delivery) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Delivery ${deliveryId} was not found`)
    }
    await this.updateWebhookDeliveries([
      { id: deliveryId, status: "pending", next_attempt_at: new Date(), locked_until: null },
    ])
  }
}

/** "a day", "6 hours", "90 seconds": how long an endpoint failed before it was paused. */
function span(ms: number) {
  if (ms === 86_400_000) return "a day"
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? "an hour" : `${ms / 3_600_000} hours`
  return `${Math.round(ms / 1_000)} seconds`
}
