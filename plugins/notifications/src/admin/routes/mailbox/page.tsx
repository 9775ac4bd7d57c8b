import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Envelope } from "@medusajs/icons"
import {
  Button,
  Container,
  Drawer,
  Heading,
  Input,
  Select,
  Skeleton,
  StatusBadge,
  Table,
  Tabs,
  Text,
  toast,
} from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { LoadError } from "@zoco/plugin-kit/admin/states"
import { mailApi, type MailStatus, type MailSummary } from "../../lib/client"

const PAGE_SIZE = 20

const STATUS: Record<MailStatus, { label: string; color: "orange" | "green" | "blue" | "red" }> = {
  queued: { label: "Queued", color: "orange" },
  sent: { label: "Sent", color: "green" },
  kept: { label: "In mailbox", color: "blue" },
  failed: { label: "Failed", color: "red" },
}

// The dashboard's own date format ("Dec 2, 2026, 10:41").
const when = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(
        new Date(iso)
      )
    : "–"

const ErrorState = ({ error, retry }: { error: Error; retry: () => void }) => (
  <div className="px-6 py-4">
    <LoadError what="Mails" error={error} retry={retry} />
  </div>
)

/** One mail, as the customer sees it: the HTML in a sandboxed frame, and the plain text. */
const MailDrawer = ({ id, onClose }: { id: string | undefined; onClose: () => void }) => {
  const queryClient = useQueryClient()
  const detail = useQuery({
    queryKey: ["mails", "detail", id],
    queryFn: () => mailApi.get(id as string),
    enabled: !!id,
  })
  const retry = useMutation({
    mutationFn: (mailId: string) => mailApi.retry(mailId),
    onSuccess: ({ mail }) => {
      toast.success(mail.status === "sent" ? "Mail sent" : `Mail ${STATUS[mail.status].label}`)
      void queryClient.invalidateQueries({ queryKey: ["mails"] })
    },
    onError: (error: Error) => toast.error(error.message),
  })
  const mail = detail.data?.mail
  return (
    <Drawer open={!!id} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content className="max-w-3xl">
        <Drawer.Header>
          <Drawer.Title>{mail?.subject ?? "Mail"}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          {detail.isPending && <Skeleton className="h-64 w-full" />}
          {detail.error && <ErrorState error={detail.error} retry={() => detail.refetch()} />}
          {mail && (
            <>
              <div className="grid grid-cols-[120px_1fr] gap-y-1">
                <Text size="small" className="text-ui-fg-subtle">
                  To
                </Text>
                <Text size="small">{mail.to}</Text>
                <Text size="small" className="text-ui-fg-subtle">
                  Status
                </Text>
                <div>
                  <StatusBadge color={STATUS[mail.status].color}>
                    {STATUS[mail.status].label}
                  </StatusBadge>
                </div>
                <Text size="small" className="text-ui-fg-subtle">
                  Template
                </Text>
                <Text size="small">{mail.template}</Text>
                <Text size="small" className="text-ui-fg-subtle">
                  Attempts
                </Text>
                <Text size="small">{mail.attempts}</Text>
                <Text size="small" className="text-ui-fg-subtle">
                  Sent
                </Text>
                <Text size="small">{when(mail.sent_at)}</Text>
                {mail.last_error && (
                  <>
                    <Text size="small" className="text-ui-fg-subtle">
                      Last error
                    </Text>
                    <Text size="small" className="text-ui-fg-error">
                      {mail.last_error}
                    </Text>
                  </>
                )}
              </div>
              {mail.status === "failed" && (
                <Button
                  size="small"
                  variant="secondary"
                  className="self-start"
                  isLoading={retry.isPending}
                  onClick={() => retry.mutate(mail.id)}
                >
                  Send again
                </Button>
              )}
              {mail.body_withheld ? (
                <Text size="small" className="text-ui-fg-subtle">
                  This mail carried a one-time link (a password reset or an invitation): its body is
                  not kept once sent.
                </Text>
              ) : mail.html || mail.text ? (
                <Tabs defaultValue={mail.html ? "html" : "text"}>
                  <Tabs.List>
                    {mail.html && <Tabs.Trigger value="html">HTML</Tabs.Trigger>}
                    {mail.text && <Tabs.Trigger value="text">Plain text</Tabs.Trigger>}
                  </Tabs.List>
                  {mail.html && (
                    <Tabs.Content value="html" className="pt-2">
                      {/* No scripts, no same-origin access: the mail is shown, never run. */}
                      <iframe
                        title="Mail"
                        sandbox=""
                        srcDoc={mail.html}
                        className="h-[600px] w-full rounded-md border"
                      />
                    </Tabs.Content>
                  )}
                  {mail.text && (
                    <Tabs.Content value="text" className="pt-2">
                      <pre className="whitespace-pre-wrap text-sm">{mail.text}</pre>
                    </Tabs.Content>
                  )}
                </Tabs>
              ) : (
                <Text size="small" className="text-ui-fg-subtle">
                  Not rendered yet: the mail has not been attempted.
                </Text>
              )}
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const MailboxPage = () => {
  const [status, setStatus] = useState<MailStatus | "all">("all")
  const [q, setQ] = useState("")
  const [pageIndex, setPageIndex] = useState(0)
  const [open, setOpen] = useState<string | undefined>()
  const list = useQuery({
    queryKey: ["mails", status, q, pageIndex],
    queryFn: () =>
      mailApi.list({
        ...(status === "all" ? {} : { status }),
        ...(q.trim() ? { q: q.trim() } : {}),
        limit: PAGE_SIZE,
        offset: pageIndex * PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  })
  const count = list.data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Mailbox</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Every transactional mail: order confirmations, shipping notices, password resets and
            invitations. Without an SMTP server (SMTP_URL) they are kept here, not sent.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Input
            size="small"
            type="search"
            placeholder="Recipient"
            value={q}
            onChange={(e) => {
              setQ(e.target.value)
              setPageIndex(0)
            }}
          />
          <Select
            size="small"
            value={status}
            onValueChange={(value) => {
              setStatus(value as MailStatus | "all")
              setPageIndex(0)
            }}
          >
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="all">All</Select.Item>
              {(Object.keys(STATUS) as MailStatus[]).map((s) => (
                <Select.Item key={s} value={s}>
                  {STATUS[s].label}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      {list.error ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : list.isPending ? (
        <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : count === 0 ? (
        <div className="px-6 py-10 text-center">
          <Text size="small" className="text-ui-fg-subtle">
            {status === "all" && !q
              ? "No mail yet. A placed order, a registration or a password reset sends one."
              : "No mail matches these filters."}
          </Text>
        </div>
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Subject</Table.HeaderCell>
                <Table.HeaderCell>To</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Created</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {list.data.mails.map((mail: MailSummary) => (
                <Table.Row
                  key={mail.id}
                  className="cursor-pointer"
                  data-mail-id={mail.id}
                  onClick={() => setOpen(mail.id)}
                >
                  <Table.Cell className="max-w-[320px] truncate">
                    {mail.subject ?? mail.template}
                  </Table.Cell>
                  <Table.Cell>{mail.to}</Table.Cell>
                  <Table.Cell>
                    <StatusBadge color={STATUS[mail.status].color}>
                      {STATUS[mail.status].label}
                    </StatusBadge>
                  </Table.Cell>
                  <Table.Cell>{when(mail.created_at)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={pageIndex}
            pageCount={pageCount}
            canPreviousPage={pageIndex > 0}
            canNextPage={pageIndex + 1 < pageCount}
            previousPage={() => setPageIndex((i) => Math.max(0, i - 1))}
            nextPage={() => setPageIndex((i) => i + 1)}
          />
        </>
      )}
      <MailDrawer id={open} onClose={() => setOpen(undefined)} />
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Mailbox", icon: Envelope })

// The dashboard's top bar shows where the merchant is, as on Medusa's own pages.
export const handle = { breadcrumb: () => "Mailbox" }

export default MailboxPage
