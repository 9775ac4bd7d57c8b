// The loading and error states every Zoco dashboard page and widget shows, on @medusajs/ui.
// Plain ES (no JSX) for the reason sdk.mjs is: the dashboard's bundler takes this as source.
import { Alert, Button, Skeleton } from "@medusajs/ui"
import { createElement as h } from "react"

/** A request that failed: the server's message and a way to ask again. */
export const LoadError = ({ what, error, retry }) =>
  h(
    Alert,
    { variant: "error", className: "flex items-center justify-between gap-x-4" },
    h("span", null, `${what} could not be loaded: ${error.message}`),
    h(Button, { size: "small", variant: "secondary", onClick: retry }, "Try again")
  )

/** Placeholder rows while a section loads. */
export const Loading = ({ rows = 3 }) =>
  h(
    "div",
    { className: "flex flex-col gap-y-2 px-6 py-4", "aria-busy": "true" },
    Array.from({ length: rows }, (_, i) => h(Skeleton, { key: i, className: "h-6 w-full" }))
  )
