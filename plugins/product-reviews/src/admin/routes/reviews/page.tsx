import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  Container,
  Heading,
  Input,
  Select,
  Skeleton,
  Table,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { openNotificationLinks } from "@zoco/plugin-kit/admin/notification-links"
import { LoadError } from "@zoco/plugin-kit/admin/states"
import { Link, useSearchParams } from "react-router-dom"
import {
  reviewsApi,
  STATUS_COLOR,
  stars,
  type ReviewFilters,
  type ReviewStatus,
} from "../../lib/client"
import { ModerationDialog } from "../../lib/moderation-dialog"

// The bell's "New review" entries link here (see the subscriber that sends them).
openNotificationLinks()

const PAGE_SIZE = 20
const ALL = "all"

// The dashboard's own date format ("Dec 2, 2026").
const day = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(iso))

/** The merchant's review queue: filter, select, then approve, reject, reply or delete in bulk. */
const ReviewsPage = () => {
  const [params, setParams] = useSearchParams()
  const [page, setPage] = useState(0)
  const [selected, setSelected] = useState<string[]>([])
  const [dialog, setDialog] = useState<"reject" | "reply" | null>(null)
  const queryClient = useQueryClient()
  const prompt = usePrompt()

  const filters: ReviewFilters = {
    // One review, as the bell's notification links to it.
    id: params.get("id") ?? undefined,
    status: (params.get("status") as ReviewStatus | null) ?? undefined,
    rating: params.get("rating") ? Number(params.get("rating")) : undefined,
    product_id: params.get("product_id") ?? undefined,
    verified_purchase: (params.get("verified_purchase") as "true" | "false" | null) ?? undefined,
    q: params.get("q") ?? undefined,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  }
  const setFilter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value && value !== ALL) next.set(name, value)
    else next.delete(name)
    setParams(next)
    setPage(0)
    setSelected([])
  }

  const { data, isPending, error, refetch } = useQuery({
    queryKey: ["product-reviews", filters],
    queryFn: () => reviewsApi.list(filters),
    placeholderData: keepPreviousData,
  })
  const filtered = [...params.keys()].length > 0
  const reviews = data?.reviews ?? []
  const count = data?.count ?? 0

  const moderate = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSuccess: async () => {
      setSelected([])
      setDialog(null)
      await queryClient.invalidateQueries({ queryKey: ["product-reviews"] })
    },
    onError: (error: Error) => toast.error(error.message),
  })
  const run = (done: string, action: () => Promise<unknown>) =>
    moderate.mutateAsync(action).then(() => toast.success(done))

  const toggle = (id: string, on: boolean) =>
    setSelected((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)))
  const allShown = reviews.length > 0 && reviews.every((r) => selected.includes(r.id))

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Reviews</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Customers' reviews wait here until you approve them.
          </Text>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2 px-6 py-4">
        <div className="w-40">
          <Select value={filters.status ?? ALL} onValueChange={(v) => setFilter("status", v)}>
            <Select.Trigger aria-label="Status">
              <Select.Value placeholder="Status" />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>All statuses</Select.Item>
              <Select.Item value="pending">Pending</Select.Item>
              <Select.Item value="approved">Approved</Select.Item>
              <Select.Item value="rejected">Rejected</Select.Item>
            </Select.Content>
          </Select>
        </div>
        <div className="w-36">
          <Select
            value={filters.rating ? String(filters.rating) : ALL}
            onValueChange={(v) => setFilter("rating", v)}
          >
            <Select.Trigger aria-label="Rating">
              <Select.Value placeholder="Rating" />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>All ratings</Select.Item>
              {[5, 4, 3, 2, 1].map((n) => (
                <Select.Item key={n} value={String(n)}>
                  {stars(n)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="w-44">
          <Select
            value={filters.verified_purchase ?? ALL}
            onValueChange={(v) => setFilter("verified_purchase", v)}
          >
            <Select.Trigger aria-label="Purchase">
              <Select.Value placeholder="Purchase" />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>Any buyer</Select.Item>
              <Select.Item value="true">Verified purchase</Select.Item>
              <Select.Item value="false">Not verified</Select.Item>
            </Select.Content>
          </Select>
        </div>
        <div className="w-60">
          <Input
            type="search"
            size="small"
            placeholder="Search title and text"
            defaultValue={filters.q}
            onKeyDown={(e) => {
              if (e.key === "Enter") setFilter("q", e.currentTarget.value.trim())
            }}
          />
        </div>
        {filters.product_id && (
          <Button size="small" variant="transparent" onClick={() => setFilter("product_id", "")}>
            Showing one product · show all
          </Button>
        )}
        {filters.id && (
          <Button size="small" variant="transparent" onClick={() => setFilter("id", "")}>
            Showing one review · show all
          </Button>
        )}
      </div>

      {selected.length > 0 && (
        <div className="bg-ui-bg-subtle flex items-center gap-x-2 px-6 py-3">
          <Text size="small" weight="plus" className="mr-2">
            {selected.length} selected
          </Text>
          <Button
            size="small"
            isLoading={moderate.isPending}
            onClick={() => run("Reviews approved", () => reviewsApi.approve(selected))}
          >
            Approve
          </Button>
          <Button size="small" variant="secondary" onClick={() => setDialog("reject")}>
            Reject
          </Button>
          <Button size="small" variant="secondary" onClick={() => setDialog("reply")}>
            Reply
          </Button>
          <Button
            size="small"
            variant="danger"
            onClick={async () => {
              const sure = await prompt({
                title: "Delete reviews?",
                description: `${selected.length} review(s) will leave the store and their products' ratings.`,
                confirmText: "Delete",
                cancelText: "Cancel",
              })
              if (sure) await run("Reviews deleted", () => reviewsApi.remove(selected))
            }}
          >
            Delete
          </Button>
        </div>
      )}

      {error ? (
        <div className="px-6 py-4">
          <LoadError what="Reviews" error={error} retry={() => refetch()} />
        </div>
      ) : isPending ? (
        <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : reviews.length === 0 ? (
        <div className="px-6 py-10 text-center">
          <Text className="text-ui-fg-subtle">
            {filtered
              ? "No reviews match these filters."
              : "No reviews yet. Reviews customers post on products wait here for you to approve them."}
          </Text>
        </div>
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="w-8">
                  <Checkbox
                    aria-label="Select all shown"
                    checked={allShown}
                    onCheckedChange={(on) => setSelected(on ? reviews.map((r) => r.id) : [])}
                  />
                </Table.HeaderCell>
                <Table.HeaderCell>Product</Table.HeaderCell>
                <Table.HeaderCell>Rating</Table.HeaderCell>
                <Table.HeaderCell>Review</Table.HeaderCell>
                <Table.HeaderCell>Author</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Date</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {reviews.map((review) => (
                <Table.Row key={review.id} data-review-id={review.id}>
                  <Table.Cell>
                    <Checkbox
                      aria-label={`Select review ${review.title}`}
                      checked={selected.includes(review.id)}
                      onCheckedChange={(on) => toggle(review.id, on === true)}
                    />
                  </Table.Cell>
                  <Table.Cell>
                    {review.product ? (
                      <Link
                        to={`/products/${review.product.id}`}
                        className="text-ui-fg-interactive"
                      >
                        {review.product.title}
                      </Link>
                    ) : (
                      <Text size="small" className="text-ui-fg-muted">
                        Deleted product
                      </Text>
                    )}
                  </Table.Cell>
                  <Table.Cell aria-label={`${review.rating} of 5 stars`}>
                    {stars(review.rating)}
                  </Table.Cell>
                  <Table.Cell className="max-w-md whitespace-normal py-2">
                    {/* Rendered as text: React escapes it, so markup in a review stays visible text. */}
                    <Text size="small" weight="plus">
                      {review.title}
                    </Text>
                    <Text size="small" className="text-ui-fg-subtle line-clamp-3">
                      {review.content}
                    </Text>
                    {review.reply && (
                      <Text size="xsmall" className="text-ui-fg-muted mt-1">
                        Your reply: {review.reply}
                      </Text>
                    )}
                    {review.rejection_reason && (
                      <Text size="xsmall" className="text-ui-fg-error mt-1">
                        Rejected: {review.rejection_reason}
                      </Text>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="small">{review.display_name}</Text>
                    <Text size="xsmall" className="text-ui-fg-muted">
                      {review.customer?.email}
                    </Text>
                    {review.verified_purchase && (
                      <Badge size="2xsmall" color="blue">
                        Verified purchase
                      </Badge>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <Badge size="2xsmall" color={STATUS_COLOR[review.status]}>
                      {review.status[0].toUpperCase() + review.status.slice(1)}
                    </Badge>
                  </Table.Cell>
                  <Table.Cell>{day(review.created_at)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={page}
            pageCount={Math.max(1, Math.ceil(count / PAGE_SIZE))}
            canPreviousPage={page > 0}
            canNextPage={(page + 1) * PAGE_SIZE < count}
            previousPage={() => setPage((p) => p - 1)}
            nextPage={() => setPage((p) => p + 1)}
          />
        </>
      )}

      <ModerationDialog
        open={dialog === "reject"}
        title={`Reject ${selected.length} review(s)`}
        label="Reason"
        hint="Kept for your team; the store does not show it."
        submitLabel="Reject"
        onClose={() => setDialog(null)}
        onSubmit={(reason) => run("Reviews rejected", () => reviewsApi.reject(selected, reason))}
      />
      <ModerationDialog
        open={dialog === "reply"}
        title={`Reply to ${selected.length} review(s)`}
        label="Public reply"
        hint="Shown in the store under each review."
        submitLabel="Publish reply"
        onClose={() => setDialog(null)}
        onSubmit={(reply) => run("Reply published", () => reviewsApi.reply(selected, reply))}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Reviews",
  icon: ChatBubbleLeftRight,
})

// The dashboard's top bar shows where the merchant is, as on Medusa's own pages.
export const handle = { breadcrumb: () => "Reviews" }

export default ReviewsPage
