import type { ReactElement } from "react"

/** A request that failed: the server's message and a way to ask again. */
export declare const LoadError: (props: {
  /** What could not be loaded, as the sentence starts: "The delivery log". */
  what: string
  error: Error
  retry: () => void
}) => ReactElement

/** Placeholder rows while a section loads. */
export declare const Loading: (props: { rows?: number }) => ReactElement
