/** The Admin API client of the app's own dashboard pages and widgets: the plugins' one. */
export { sdk } from "@zoco/plugin-kit/admin/sdk"
