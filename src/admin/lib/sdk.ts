import Medusa from "@medusajs/js-sdk"

// Set by the admin's build to the backend the dashboard talks to.
declare const __BACKEND_URL__: string | undefined

/** The Admin API client of the app's own dashboard pages and widgets, signed in by session. */
export const sdk = new Medusa({
  baseUrl: typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__ : "/",
  auth: { type: "session" },
})
