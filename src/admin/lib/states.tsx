import { Alert, Button, Skeleton } from "@medusajs/ui"

/** A request that failed: the server's message and a way to ask again. */
export const LoadError = ({
  what,
  error,
  retry,
}: {
  what: string
  error: Error
  retry: () => void
}) => (
  <Alert variant="error" className="flex items-center justify-between gap-x-4">
    <span>
      {what} could not be loaded: {error.message}
    </span>
    <Button size="small" variant="secondary" onClick={retry}>
      Try again
    </Button>
  </Alert>
)

/** Placeholder rows while a section loads. */
export const Loading = ({ rows = 3 }: { rows?: number }) => (
  <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true">
    {Array.from({ length: rows }, (_, i) => (
      <Skeleton key={i} className="h-6 w-full" />
    ))}
  </div>
)
