import { Module } from "@medusajs/framework/utils"
import ObservabilityService from "./service"

export const OBSERVABILITY_MODULE = "observability"

export default Module(OBSERVABILITY_MODULE, {
  service: ObservabilityService,
})

export type { ObservabilityOptions, Readiness, CheckResult } from "./service"
export { default as ObservabilityService } from "./service"
export { RouteLabeler, UNMATCHED, methodLabel } from "./route-label"
export { requestIdFrom } from "./request-id"
