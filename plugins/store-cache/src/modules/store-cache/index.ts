import { Module } from "@medusajs/framework/utils"
import StoreCacheService from "./service"

export const STORE_CACHE_MODULE = "storeCache"

export default Module(STORE_CACHE_MODULE, {
  service: StoreCacheService,
})

export type { StoreCacheOptions } from "./service"
export { default as StoreCacheService } from "./service"
