/* global __BACKEND_URL__ -- defined by the dashboard's build */
import Medusa from "@medusajs/js-sdk"

// Set by the dashboard's build to the backend it talks to; unset, the server that serves it.
const baseUrl = typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"

/** The Admin API client of dashboard pages and widgets, signed in by the dashboard's session. */
export const sdk = new Medusa({ baseUrl, auth: { type: "session" } })
