import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Bolt } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  Container,
  Copy,
  Drawer,
  Heading,
  Input,
  Label,
  Prompt,
  Skeleton,
  Table,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query"
import { useState } from "react"
import { openNotificationLinks } from "@zoco/plugin-kit/admin/notification-links"
import { LoadError } from "@zoco/plugin-kit/admin/states"
import {
  EVENTS,
  LOG_PAGE,
  webhooksApi,
  type Delivery,
  type Webhook,
  type WebhookInput,
} from "../../lib/client"

// The bell's "Webhook endpoint paused" entries link here.
openNotificationLinks()

const STATUS_COLOR = { pending: "orange", succeeded: "green", dead: "red" } as const
const STATUS_LABEL = { pending: "Pending", succeeded: "Succeeded", dead: "Failed" } as const

// The dashboard's own date format ("Dec 2, 2026, 10:41 AM").
const when = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso)
  )

/** A secret shown once: whole, wrapped, with a copy button, and closed with a plain "Done". */
const SecretDialog = ({
  shown,
  onClose,
}: {
  shown?: { title: string; note: string; secret: string }
  onClose: () => void
}) => (
  <Prompt variant="confirmation" open={!!shown} onOpenChange={(open) => !open && onClose()}>
    <Prompt.Content>
      <Prompt.Header>
        <Prompt.Title>{shown?.title}</Prompt.Title>
        <Prompt.Description>{shown?.note}</Prompt.Description>
      </Prompt.Header>
      <div className="flex items-start gap-x-2 px-6 pt-4">
        <code
          data-secret
          className="bg-ui-bg-subtle txt-compact-small text-ui-fg-base flex-1 break-all rounded-md border px-2 py-1.5 font-mono"
        >
          {shown?.secret}
        </code>
        <Copy content={shown?.secret ?? ""} className="mt-1.5" />
      </div>
      <Prompt.Footer>
        <Prompt.Action onClick={onClose}>Done</Prompt.Action>
      </Prompt.Footer>
    </Prompt.Content>
  </Prompt>
)

/** The exact JSON a delivery sends, in a side panel, as Medusa shows an order's raw data. */
const PayloadDrawer = ({
  webhookId,
  delivery,
  onClose,
}: {
  webhookId: string
  delivery?: Delivery
  onClose: () => void
}) => {
  const detail = useQuery({
    queryKey: ["webhooks", webhookId, "deliveries", delivery?.id],
    queryFn: () => webhooksApi.delivery(webhookId, delivery!.id),
    enabled: !!delivery,
  })
  const json = detail.data ? JSON.stringify(detail.data.delivery.payload, null, 2) : ""
  const subject = (detail.data?.delivery.payload.data as { id?: unknown } | undefined)?.id
  return (
    <Drawer open={!!delivery} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{delivery?.event_type}</Drawer.Title>
          <Drawer.Description>
            {typeof subject === "string" ? `${subject} · ` : ""}
            {delivery ? `queued ${when(delivery.created_at)}` : ""}
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-2 overflow-auto">
          {detail.error && (
            <LoadError what="The payload" error={detail.error} retry={() => detail.refetch()} />
          )}
          {detail.isPending && <Skeleton className="h-64 w-full" />}
          {detail.data && (
            <>
              <div className="flex items-center justify-between">
                <Text size="small" className="text-ui-fg-subtle">
                  The body sent to the endpoint
                </Text>
                <Copy content={json} />
              </div>
              <pre
                data-payload
                className="bg-ui-bg-subtle txt-compact-xsmall overflow-auto whitespace-pre-wrap break-all rounded-md border p-3 font-mono"
              >
                {json}
              </pre>
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

type WebhookList = { webhooks: Webhook[] }

/**
 * Puts the server's answer for one endpoint into the cached list at once, so the page shows it
 * even when the refetch that follows is slow or fails. The secret never goes into the cache.
 */
const showEndpoint = (queryClient: QueryClient, { secret: _secret, ...webhook }: Webhook) => {
  queryClient.setQueryData<WebhookList>(["webhooks"], (list) => {
    const others = list?.webhooks ?? []
    return {
      webhooks: others.some((w) => w.id === webhook.id)
        ? others.map((w) => (w.id === webhook.id ? webhook : w))
        : [...others, webhook],
    }
  })
}

const NEW_ENDPOINT: WebhookInput = {
  url: "",
  events: ["order.placed"],
  timeout_ms: 10_000,
  max_concurrency: 4,
}

/** URL, events, timeout and concurrency: the same form adds an endpoint and edits one. */
const EndpointForm = ({
  id,
  initial,
  submitText,
  busy,
  onSubmit,
  onCancel,
}: {
  id: string
  initial: WebhookInput
  submitText: string
  busy: boolean
  onSubmit: (input: WebhookInput) => void
  onCancel?: () => void
}) => {
  const [input, setInput] = useState(initial)
  const set = (changes: Partial<WebhookInput>) => setInput((all) => ({ ...all, ...changes }))
  return (
    <form
      className="flex flex-col gap-y-3"
      data-form={id}
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(input)
      }}
    >
      <div className="flex items-end gap-x-2">
        <div className="flex-1">
          <Label htmlFor={`${id}-url`}>Endpoint URL</Label>
          <Input
            id={`${id}-url`}
            placeholder="https://erp.example.com/hooks/zoco"
            value={input.url}
            onChange={(e) => set({ url: e.target.value })}
          />
        </div>
        <div className="w-28">
          <Label htmlFor={`${id}-timeout`}>Timeout (s)</Label>
          <Input
            id={`${id}-timeout`}
            type="number"
            min={1}
            max={30}
            value={input.timeout_ms / 1000}
            onChange={(e) => set({ timeout_ms: Math.round(Number(e.target.value) * 1000) })}
          />
        </div>
        <div className="w-28">
          <Label htmlFor={`${id}-concurrency`}>At once</Label>
          <Input
            id={`${id}-concurrency`}
            type="number"
            min={1}
            max={50}
            value={input.max_concurrency}
            onChange={(e) => set({ max_concurrency: Number(e.target.value) })}
          />
        </div>
        <Button type="submit" disabled={!input.url || !input.events.length} isLoading={busy}>
          {submitText}
        </Button>
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {EVENTS.map((name) => (
          <div key={name} className="flex items-center gap-x-1">
            <Checkbox
              id={`${id}-event-${name}`}
              checked={input.events.includes(name)}
              onCheckedChange={(on) =>
                set({
                  events: on ? [...input.events, name] : input.events.filter((e) => e !== name),
                })
              }
            />
            <Label htmlFor={`${id}-event-${name}`} size="xsmall">
              {name}
            </Label>
          </div>
        ))}
      </div>
    </form>
  )
}

/** One endpoint: its controls and its delivery log. */
const EndpointRow = ({
  webhook,
  showSecret,
}: {
  webhook: Webhook
  showSecret: (shown: { title: string; note: string; secret: string }) => void
}) => {
  const queryClient = useQueryClient()
  const prompt = usePrompt()
  const [open, setOpen] = useState(false)
  const [editing, setEditing] = useState(false)
  const [offset, setOffset] = useState(0)
  const [viewing, setViewing] = useState<Delivery>()
  const log = useQuery({
    queryKey: ["webhooks", webhook.id, "deliveries", { offset }],
    queryFn: () => webhooksApi.deliveries(webhook.id, offset),
    enabled: open,
    // Pending deliveries are retried in the background: an open log follows them.
    refetchInterval: open ? 10_000 : false,
    // The page on screen stays while the next one loads, as in Medusa's tables.
    placeholderData: keepPreviousData,
  })
  const count = log.data?.count ?? 0
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["webhooks"] })
  const act = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSuccess: refresh,
    onError: (error: Error) => toast.error(error.message),
  })

  return (
    <div className="px-6 py-4" data-webhook-id={webhook.id}>
      <div className="flex items-center justify-between gap-x-4">
        <div className="min-w-0">
          <Text size="small" weight="plus" className="truncate">
            {webhook.url}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {webhook.events.join(", ")} · {webhook.timeout_ms / 1000} s timeout ·{" "}
            {webhook.max_concurrency} at once
          </Text>
          {webhook.paused_reason && (
            <Text size="xsmall" className="text-ui-fg-error">
              {webhook.paused_reason}
            </Text>
          )}
        </div>
        <div className="flex shrink-0 items-center gap-x-2">
          <Badge size="2xsmall" color={webhook.status === "active" ? "green" : "orange"}>
            {webhook.status === "active" ? "Active" : "Paused"}
          </Badge>
          <Button
            size="small"
            variant="secondary"
            onClick={() =>
              act.mutate(async () => {
                const { delivery } = await webhooksApi.ping(webhook.id)
                if (delivery.status === "succeeded") toast.success("Ping delivered")
                else toast.error(`Ping failed: ${delivery.last_error ?? delivery.status}`)
                setOpen(true)
              })
            }
          >
            Send test
          </Button>
          <Button
            size="small"
            variant="secondary"
            disabled={editing}
            onClick={() => setEditing(true)}
          >
            Edit
          </Button>
          <Button
            size="small"
            variant="secondary"
            onClick={() =>
              act.mutate(() =>
                webhooksApi.update(webhook.id, {
                  status: webhook.status === "active" ? "paused" : "active",
                })
              )
            }
          >
            {webhook.status === "active" ? "Pause" : "Resume"}
          </Button>
          <Button
            size="small"
            variant="secondary"
            onClick={async () => {
              const sure = await prompt({
                title: "Rotate the signing secret?",
                description:
                  "Deliveries are signed with a new secret from now on. For 24 hours they also carry a signature with the current one, so the receiver can switch over.",
                confirmText: "Rotate",
                cancelText: "Cancel",
                variant: "confirmation",
              })
              if (!sure) return
              act.mutate(async () => {
                const { webhook: rotated } = await webhooksApi.rotate(webhook.id)
                showSecret({
                  title: "New signing secret",
                  note: "Copy it now: it is not shown again. The old one keeps working for 24 hours.",
                  secret: rotated.secret ?? "",
                })
              })
            }}
          >
            Rotate secret
          </Button>
          <Button
            size="small"
            variant="danger"
            onClick={async () => {
              const sure = await prompt({
                title: "Delete this endpoint?",
                description: "Deliveries not yet sent are dropped.",
                confirmText: "Delete",
                cancelText: "Cancel",
              })
              if (sure) act.mutate(() => webhooksApi.remove(webhook.id))
            }}
          >
            Delete
          </Button>
          <Button size="small" variant="transparent" onClick={() => setOpen(!open)}>
            {open ? "Hide log" : "Delivery log"}
          </Button>
        </div>
      </div>
      {editing && (
        <div className="mt-3">
          <EndpointForm
            id={`edit-${webhook.id}`}
            initial={{
              url: webhook.url,
              events: webhook.events,
              timeout_ms: webhook.timeout_ms,
              max_concurrency: webhook.max_concurrency,
            }}
            submitText="Save"
            busy={act.isPending}
            onCancel={() => setEditing(false)}
            onSubmit={(input) =>
              act.mutate(async () => {
                const { webhook: saved } = await webhooksApi.update(webhook.id, input)
                showEndpoint(queryClient, saved)
                setEditing(false)
                toast.success("Endpoint saved")
              })
            }
          />
        </div>
      )}
      {open && log.error && (
        <div className="mt-3">
          <LoadError what="The delivery log" error={log.error} retry={() => log.refetch()} />
        </div>
      )}
      {open && log.isPending && <Skeleton className="mt-3 h-24 w-full" />}
      {open && log.data && count === 0 && (
        <Text size="small" className="text-ui-fg-subtle mt-3">
          No deliveries yet: send a test, or wait for a subscribed event.
        </Text>
      )}
      {open && log.data && count > 0 && (
        <>
          <Table className="mt-3">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Event</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Queued</Table.HeaderCell>
                <Table.HeaderCell>Delivered</Table.HeaderCell>
                <Table.HeaderCell>Attempts</Table.HeaderCell>
                <Table.HeaderCell>Last answer</Table.HeaderCell>
                <Table.HeaderCell>Next try</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {log.data.deliveries.map((d) => (
                <Table.Row key={d.id} data-delivery-id={d.id}>
                  <Table.Cell>{d.event_type}</Table.Cell>
                  <Table.Cell>
                    <Badge size="2xsmall" color={STATUS_COLOR[d.status]}>
                      {STATUS_LABEL[d.status]}
                    </Badge>
                  </Table.Cell>
                  <Table.Cell>{when(d.created_at)}</Table.Cell>
                  <Table.Cell>{d.delivered_at ? when(d.delivered_at) : "—"}</Table.Cell>
                  <Table.Cell>{d.attempts}</Table.Cell>
                  <Table.Cell className="max-w-xs truncate">
                    {d.last_status_code ?? "—"} {d.last_error ?? ""}
                    {d.last_duration_ms !== null ? ` (${d.last_duration_ms} ms)` : ""}
                  </Table.Cell>
                  <Table.Cell>
                    {d.status === "pending" && d.next_attempt_at ? when(d.next_attempt_at) : "—"}
                  </Table.Cell>
                  <Table.Cell>
                    <div className="flex gap-x-1">
                      <Button size="small" variant="transparent" onClick={() => setViewing(d)}>
                        Payload
                      </Button>
                      <Button
                        size="small"
                        variant="transparent"
                        onClick={() => act.mutate(() => webhooksApi.redeliver(webhook.id, d.id))}
                      >
                        Redeliver
                      </Button>
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Table.Pagination
            count={count}
            pageSize={LOG_PAGE}
            pageIndex={offset / LOG_PAGE}
            pageCount={Math.ceil(count / LOG_PAGE)}
            canPreviousPage={offset > 0}
            canNextPage={offset + LOG_PAGE < count}
            previousPage={() => setOffset(Math.max(0, offset - LOG_PAGE))}
            nextPage={() => setOffset(offset + LOG_PAGE)}
          />
        </>
      )}
      <PayloadDrawer
        webhookId={webhook.id}
        delivery={viewing}
        onClose={() => setViewing(undefined)}
      />
    </div>
  )
}

/** Where the merchant connects other systems: endpoints, their secrets and delivery logs. */
const WebhooksPage = () => {
  const queryClient = useQueryClient()
  const [formKey, setFormKey] = useState(0)
  const [adding, setAdding] = useState(false)
  const [secret, showSecret] = useState<{ title: string; note: string; secret: string }>()
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ["webhooks"],
    queryFn: webhooksApi.list,
  })
  const create = useMutation({
    mutationFn: (input: WebhookInput) => webhooksApi.create(input),
    onSuccess: async ({ webhook }) => {
      setFormKey((k) => k + 1)
      setAdding(false)
      showEndpoint(queryClient, webhook)
      void queryClient.invalidateQueries({ queryKey: ["webhooks"] })
      showSecret({
        title: "Endpoint created",
        note: "Its signing secret: copy it now, it is not shown again.",
        secret: webhook.secret ?? "",
      })
    },
    onError: (error: Error) => toast.error(error.message),
  })

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Webhooks</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Send signed events to your other systems. An endpoint receives what happens from the
            moment it is added; failed deliveries are retried for a day.
          </Text>
        </div>
        {!adding && (
          <Button size="small" variant="secondary" onClick={() => setAdding(true)}>
            Add endpoint
          </Button>
        )}
      </div>
      {adding && (
        <div className="px-6 py-4">
          <EndpointForm
            // A new form each time, so its fields start empty again.
            key={formKey}
            id="webhook"
            initial={NEW_ENDPOINT}
            submitText="Create"
            busy={create.isPending}
            onSubmit={(input) => create.mutate(input)}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      {error && (
        <div className="px-6 py-4">
          <LoadError what="Endpoints" error={error} retry={() => refetch()} />
        </div>
      )}
      {isPending && (
        <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      )}
      {(data?.webhooks ?? []).map((webhook) => (
        <EndpointRow key={webhook.id} webhook={webhook} showSecret={showSecret} />
      ))}
      {data && data.webhooks.length === 0 && (
        <div className="px-6 py-8 text-center">
          <Text className="text-ui-fg-subtle">
            No endpoints yet. Add one to send events such as order.placed to another system.
          </Text>
        </div>
      )}
      <SecretDialog shown={secret} onClose={() => showSecret(undefined)} />
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Webhooks", icon: Bolt })

// The dashboard's top bar shows where the merchant is, as on Medusa's own pages.
export const handle = { breadcrumb: () => "Webhooks" }

export default WebhooksPage
