/** The loading and error states of the app's own dashboard pages: the plugins' ones. */
export { LoadError, Loading } from "@zoco/plugin-kit/admin/states"
