import type Medusa from "@medusajs/js-sdk"

/** The Admin API client of dashboard pages and widgets, signed in by the dashboard's session. */
export declare const sdk: Medusa
