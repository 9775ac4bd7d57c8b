import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Button,
  Container,
  Heading,
  Input,
  Label,
  StatusBadge,
  Switch,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState, type ReactNode } from "react"
import type { ReviewRules } from "@zoco/product-reviews/modules/product-review/types"
import type { StoreCacheStats } from "@zoco/store-cache/modules/store-cache/service"
import type { WebhookRules } from "@zoco/webhooks/modules/webhooks/service"
import type { ZocoStatus } from "../../../../api/admin/zoco/status/validators"
import { sdk } from "../../../lib/sdk"
import { LoadError, Loading } from "../../../lib/states"

type Status = ZocoStatus
type CacheStats = StoreCacheStats

/** Scheduled jobs run every few seconds (the heartbeat every 10 s): older than this, they stopped. */
const JOBS_LATE_MS = 60_000

// The dashboard's own date format ("Dec 2, 2026, 10:41 AM").
const when = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso)
  )

const bytes = (n: number) =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`

const NAMES: Record<string, string> = { postgres: "PostgreSQL", redis: "Redis" }

/** One labelled value, as in Medusa's detail sections. */
const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-4" data-row={label}>
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="txt-small">{children}</div>
  </div>
)

const HealthSection = () => {
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ["zoco", "status"],
    queryFn: () => sdk.client.fetch<{ status: Status }>("/admin/zoco/status"),
    refetchInterval: 15_000,
  })
  const status = data?.status
  const jobsAt = status?.jobs.last_run_at
  const jobsLate = !jobsAt || Date.now() - Date.parse(jobsAt) > JOBS_LATE_MS
  return (
    <Container className="divide-y p-0" data-section="health">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Health</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            What this server's /ready checks, and whether scheduled jobs run.
          </Text>
        </div>
        {status && (
          <StatusBadge color={status.ready.ok ? "green" : "red"}>
            {status.ready.ok ? "Ready" : "Not ready"}
          </StatusBadge>
        )}
      </div>
      {error && (
        <div className="px-6 py-4">
          <LoadError what="The health" error={error} retry={() => refetch()} />
        </div>
      )}
      {isPending && <Loading />}
      {status && (
        <>
          {Object.entries(status.ready.checks).map(([name, check]) => (
            <Row key={name} label={NAMES[name] ?? name}>
              <StatusBadge color={check.ok ? "green" : "red"}>
                {check.ok ? `Answered in ${check.ms} ms` : `Down: ${check.error ?? "no answer"}`}
              </StatusBadge>
            </Row>
          ))}
          {status.ready.redis && (
            <Row label="Redis since start">
              {status.ready.redis.outages} outages, {status.ready.redis.data_losses} losses of its
              data
            </Row>
          )}
          <Row label="Scheduled jobs">
            <StatusBadge color={jobsLate ? "orange" : "green"}>
              {jobsAt ? `Last ran ${when(jobsAt)}` : "Not seen running"}
            </StatusBadge>
            {jobsLate && (
              <Text size="xsmall" className="text-ui-fg-subtle mt-1">
                {status.process.mode === "server"
                  ? "This server runs no jobs: start a worker (npm run start:worker)."
                  : "Jobs run every few seconds; none has run lately."}
              </Text>
            )}
          </Row>
          <Row label="This process">
            {status.process.mode} mode, up since {when(status.process.started_at)}
          </Row>
          <Row label="Versions">
            Zoco {status.versions.zoco ?? "unknown"} · Medusa {status.versions.medusa ?? "unknown"}{" "}
            · Node.js {status.versions.node}
          </Row>
        </>
      )}
    </Container>
  )
}

type Answer<R> = { rules: R; defaults: R; saved: { [K in keyof R]: R[K] | null } }

/** A rule's row: its control, and the server's configuration when the merchant changed it. */
const RuleRow = ({
  label,
  id,
  changed,
  byDefault,
  children,
}: {
  label: string
  id: string
  changed: boolean
  byDefault: string
  children: ReactNode
}) => (
  <div className="grid grid-cols-2 items-start gap-x-4 px-6 py-4" data-rule={id}>
    <div>
      <Label htmlFor={id} size="small" weight="plus">
        {label}
      </Label>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {changed
          ? `Changed here. Server configuration: ${byDefault}`
          : "As the server's configuration"}
      </Text>
    </div>
    <div className="txt-small flex flex-wrap items-center gap-2">{children}</div>
  </div>
)

/** Loads one plugin's rules, and saves a change (`null` values: back to the configuration). */
function useRules<R>(path: string, what: string) {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: ["zoco", path],
    queryFn: () => sdk.client.fetch<Answer<R>>(path),
  })
  const save = useMutation({
    mutationFn: (change: { [K in keyof R]?: R[K] | null }) =>
      sdk.client.fetch<Answer<R>>(path, { method: "POST", body: change }),
    onSuccess: (answer) => {
      queryClient.setQueryData(["zoco", path], answer)
      void queryClient.invalidateQueries({ queryKey: ["zoco", "status"] })
      toast.success(`${what} saved. They apply now, on every server.`)
    },
    onError: (e: Error) => toast.error(e.message),
  })
  return { ...query, save }
}

/** A whole number typed in a field, or null when it is not one within [min, max]. */
const whole = (text: string, min: number, max: number) => {
  const n = Number(text)
  return text.trim() !== "" && Number.isInteger(n) && n >= min && n <= max ? n : null
}

/** A small field for a whole number, marked invalid while it holds none in range. */
const NumberInput = ({
  id,
  label,
  value,
  invalid,
  onChange,
  wide,
}: {
  id?: string
  label?: string
  value: string
  invalid: boolean
  onChange: (value: string) => void
  wide?: boolean
}) => (
  <Input
    id={id}
    aria-label={label}
    size="small"
    type="number"
    className={wide ? "w-24" : "w-20"}
    value={value}
    aria-invalid={invalid}
    onChange={(e) => onChange(e.target.value)}
  />
)

const SectionHead = ({ title, text }: { title: string; text: string }) => (
  <div className="px-6 py-4">
    <Heading level="h2">{title}</Heading>
    <Text size="small" className="text-ui-fg-subtle">
      {text}
    </Text>
  </div>
)

const Actions = ({
  dirty,
  valid,
  changed,
  saving,
  onSave,
  onReset,
}: {
  dirty: boolean
  valid: boolean
  changed: boolean
  saving: boolean
  onSave: () => void
  onReset: () => void
}) => (
  <div className="flex items-center justify-end gap-x-2 px-6 py-4">
    <Button size="small" variant="secondary" disabled={!changed || saving} onClick={onReset}>
      Use server configuration
    </Button>
    <Button size="small" disabled={!dirty || !valid} isLoading={saving} onClick={onSave}>
      Save
    </Button>
  </div>
)

type ReviewRulesAnswer = Answer<ReviewRules>

const describeLimit = (limit: ReviewRules["rate_limit"]) =>
  limit ? `at most ${limit.points} per ${limit.seconds / 60} minutes` : "no limit"

/** The review moderation rules, editable; they apply at once on every server. */
const ReviewRulesForm = ({
  answer,
  save,
}: {
  answer: ReviewRulesAnswer
  save: SaveOf<ReviewRules>
}) => {
  const { rules, defaults, saved } = answer
  const [autoApprove, setAutoApprove] = useState(rules.auto_approve_verified)
  const [limited, setLimited] = useState(rules.rate_limit !== false)
  const fallback = rules.rate_limit || defaults.rate_limit || { points: 5, seconds: 3_600 }
  const [points, setPoints] = useState(String(fallback.points))
  const [minutes, setMinutes] = useState(String(Math.max(1, Math.round(fallback.seconds / 60))))
  const p = whole(points, 1, 1_000)
  const m = whole(minutes, 1, 43_200)
  const limit = limited ? (p && m ? { points: p, seconds: m * 60 } : null) : false
  const dirty =
    autoApprove !== rules.auto_approve_verified ||
    JSON.stringify(limit) !== JSON.stringify(rules.rate_limit)
  return (
    <>
      <RuleRow
        id="auto_approve_verified"
        label="Publish verified buyers' reviews at once"
        changed={saved.auto_approve_verified !== null}
        byDefault={defaults.auto_approve_verified ? "publish at once" : "wait for approval"}
      >
        <Switch id="auto_approve_verified" checked={autoApprove} onCheckedChange={setAutoApprove} />
        <Text size="small" className="text-ui-fg-subtle">
          {autoApprove ? "Others still wait for approval" : "Every review waits for approval"}
        </Text>
      </RuleRow>
      <RuleRow
        id="rate_limit"
        label="Reviews per customer"
        changed={saved.rate_limit !== null}
        byDefault={describeLimit(defaults.rate_limit)}
      >
        <Switch id="rate_limit" checked={limited} onCheckedChange={setLimited} />
        {limited ? (
          <>
            <Text size="small">At most</Text>
            <NumberInput label="Reviews" value={points} invalid={p === null} onChange={setPoints} />
            <Text size="small">per</Text>
            <NumberInput
              label="Minutes"
              value={minutes}
              invalid={m === null}
              onChange={setMinutes}
              wide
            />
            <Text size="small">minutes</Text>
          </>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            No limit
          </Text>
        )}
      </RuleRow>
      <Actions
        dirty={dirty}
        valid={limit !== null}
        changed={saved.auto_approve_verified !== null || saved.rate_limit !== null}
        saving={save.isPending}
        onSave={() =>
          limit !== null && save.mutate({ auto_approve_verified: autoApprove, rate_limit: limit })
        }
        onReset={() => save.mutate({ auto_approve_verified: null, rate_limit: null })}
      />
    </>
  )
}

type SaveOf<R> = ReturnType<typeof useRules<R>>["save"]

const WebhookRulesForm = ({
  answer,
  save,
}: {
  answer: Answer<WebhookRules>
  save: SaveOf<WebhookRules>
}) => {
  const { rules, defaults, saved } = answer
  const [attempts, setAttempts] = useState(String(rules.max_attempts))
  const [hours, setHours] = useState(String(rules.pause_after_hours))
  const a = whole(attempts, 1, 50)
  const h = whole(hours, 1, 720)
  const dirty = a !== rules.max_attempts || h !== rules.pause_after_hours
  return (
    <>
      <RuleRow
        id="max_attempts"
        label="Attempts per delivery"
        changed={saved.max_attempts !== null}
        byDefault={`${defaults.max_attempts} attempts`}
      >
        <NumberInput
          id="max_attempts"
          value={attempts}
          invalid={a === null}
          onChange={setAttempts}
        />
        <Text size="small" className="text-ui-fg-subtle">
          the first included (1–50); then the delivery is given up
        </Text>
      </RuleRow>
      <RuleRow
        id="pause_after_hours"
        label="Pause a failing endpoint after"
        changed={saved.pause_after_hours !== null}
        byDefault={`${defaults.pause_after_hours} hours`}
      >
        <NumberInput
          id="pause_after_hours"
          value={hours}
          invalid={h === null}
          onChange={setHours}
        />
        <Text size="small" className="text-ui-fg-subtle">
          hours of failed deliveries (1–720)
        </Text>
      </RuleRow>
      <Actions
        dirty={dirty}
        valid={a !== null && h !== null}
        changed={saved.max_attempts !== null || saved.pause_after_hours !== null}
        saving={save.isPending}
        onSave={() => a && h && save.mutate({ max_attempts: a, pause_after_hours: h })}
        onReset={() => save.mutate({ max_attempts: null, pause_after_hours: null })}
      />
    </>
  )
}

/** One plugin's rules: loaded, shown in `Form`, saved; with loading and error states. */
function RulesSection<R>({
  section,
  path,
  title,
  text,
  what,
  Form,
}: {
  section: string
  path: string
  title: string
  text: string
  what: string
  Form: (props: { answer: Answer<R>; save: SaveOf<R> }) => ReactNode
}) {
  const { data, error, isPending, refetch, save } = useRules<R>(path, what)
  return (
    <Container className="divide-y p-0" data-section={section}>
      <SectionHead
        title={title}
        text={`${text} The server's configuration applies until you change a rule here.`}
      />
      {error && (
        <div className="px-6 py-4">
          <LoadError what={`The ${what.toLowerCase()}`} error={error} retry={() => refetch()} />
        </div>
      )}
      {isPending && <Loading />}
      {/* Keyed by the rules, so the form starts again from what the server answered. */}
      {data && <Form key={JSON.stringify(data.rules)} answer={data} save={save} />}
    </Container>
  )
}

const StoreCacheSection = () => {
  const queryClient = useQueryClient()
  const prompt = usePrompt()
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ["zoco", "store-cache"],
    queryFn: () => sdk.client.fetch<{ store_cache: CacheStats }>("/admin/store-cache"),
  })
  const purge = useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ invalidated: string[] }>("/admin/store-cache/invalidate", {
        method: "POST",
        body: {},
      }),
    onSuccess: () => {
      toast.success("The store cache was emptied")
      void queryClient.invalidateQueries({ queryKey: ["zoco", "store-cache"] })
    },
    onError: (e: Error) => toast.error(e.message),
  })
  const cache = data?.store_cache
  const reads = cache ? cache.hits + cache.misses : 0
  return (
    <Container className="divide-y p-0" data-section="store-cache">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Store cache</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Catalog answers of the Store API, kept until what they show changes.
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          disabled={!cache?.enabled}
          isLoading={purge.isPending}
          onClick={async () => {
            const sure = await prompt({
              title: "Empty the store cache?",
              description:
                "Every cached catalog answer is dropped, on every server. Storefronts are answered by Medusa until the cache fills again. Changes made in the dashboard already do this for what they touch.",
              confirmText: "Empty",
              cancelText: "Cancel",
            })
            if (sure) purge.mutate()
          }}
        >
          Empty cache
        </Button>
      </div>
      {error && (
        <div className="px-6 py-4">
          <LoadError what="The store cache" error={error} retry={() => refetch()} />
        </div>
      )}
      {isPending && <Loading />}
      {cache && !cache.enabled && (
        <Row label="State">
          <StatusBadge color="grey">Off</StatusBadge>
        </Row>
      )}
      {cache?.enabled && (
        <>
          <Row label="State">
            <StatusBadge color="green">
              On, {cache.storage === "redis" ? "shared in Redis" : "in this server's memory"}
            </StatusBadge>
          </Row>
          <Row label="Hit rate">
            {reads === 0
              ? `No catalog reads since ${when(cache.since)}`
              : `${Math.round((cache.hits / reads) * 100)}% of ${reads} catalog reads since ${when(cache.since)}`}
          </Row>
          {cache.entries !== null && cache.bytes !== null && cache.max_bytes !== null && (
            <Row label="Entries">
              {cache.entries} ({bytes(cache.bytes)} of {bytes(cache.max_bytes)})
            </Row>
          )}
          <Row label="Kept for">{cache.ttl_seconds} s at most</Row>
        </>
      )}
    </Container>
  )
}

/** Zoco's own settings: its health, the Store API cache, and the plugins' rules. */
const ZocoSettingsPage = () => {
  // A plugin's rules only when the app installs it (the status says which).
  const { data } = useQuery({
    queryKey: ["zoco", "status"],
    queryFn: () => sdk.client.fetch<{ status: Status }>("/admin/zoco/status"),
  })
  const rules = data?.status.rules
  return (
    <div className="flex flex-col gap-y-3">
      <HealthSection />
      <StoreCacheSection />
      {rules?.reviews && (
        <RulesSection<ReviewRules>
          section="review-rules"
          path="/admin/review-rules"
          title="Review moderation"
          text="Which reviews are published without a merchant, and how often a customer may post."
          what="Review rules"
          Form={ReviewRulesForm}
        />
      )}
      {rules?.webhooks && (
        <RulesSection<WebhookRules>
          section="webhook-rules"
          path="/admin/webhook-rules"
          title="Webhook deliveries"
          text="How often a failed delivery is tried, and when an endpoint that keeps failing is paused."
          what="Webhook rules"
          Form={WebhookRulesForm}
        />
      )}
    </div>
  )
}

export const config = defineRouteConfig({ label: "Zoco" })

export const handle = { breadcrumb: () => "Zoco" }

export default ZocoSettingsPage
