import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ReactNode } from "react"
import type { StoreCacheStats } from "@zoco/store-cache/modules/store-cache/service"
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

const per = (seconds: number) =>
  seconds % 3600 === 0
    ? `${seconds / 3600 === 1 ? "hour" : `${seconds / 3600} hours`}`
    : `${seconds} s`

/** The review and webhook rules in force: set from the environment, shown here. */
const RulesSection = () => {
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ["zoco", "status"],
    queryFn: () => sdk.client.fetch<{ status: Status }>("/admin/zoco/status"),
  })
  const rules = data?.status.rules
  return (
    <Container className="divide-y p-0" data-section="rules">
      <div className="px-6 py-4">
        <Heading level="h2">Reviews and webhooks</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          The rules in force. They are set in the server's environment (see the README's
          configuration table) and apply after a restart.
        </Text>
      </div>
      {error && (
        <div className="px-6 py-4">
          <LoadError what="The rules" error={error} retry={() => refetch()} />
        </div>
      )}
      {isPending && <Loading />}
      {rules?.reviews && (
        <>
          <Row label="Review moderation">
            {rules.reviews.auto_approve_verified
              ? "Verified buyers' reviews are published at once; others wait for approval"
              : "Every review waits for approval"}
          </Row>
          <Row label="Reviews per customer">
            {rules.reviews.per_customer
              ? `At most ${rules.reviews.per_customer.reviews} per ${per(rules.reviews.per_customer.seconds)}`
              : "No limit"}
          </Row>
        </>
      )}
      {rules?.webhooks && (
        <Row label="Webhook deliveries">
          {rules.webhooks.max_attempts} attempts; an endpoint failing for{" "}
          {rules.webhooks.pause_after_hours} hours is paused
        </Row>
      )}
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

/** Zoco's own settings: its health, the Store API cache, and the rules in force. */
const ZocoSettingsPage = () => (
  <div className="flex flex-col gap-y-3">
    <HealthSection />
    <StoreCacheSection />
    <RulesSection />
  </div>
)

export const config = defineRouteConfig({ label: "Zoco" })

export const handle = { breadcrumb: () => "Zoco" }

export default ZocoSettingsPage
