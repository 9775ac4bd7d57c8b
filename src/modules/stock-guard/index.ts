import { Module } from "@medusajs/framework/utils"
import StockGuardService from "./service"

export const STOCK_GUARD_MODULE = "stockGuard"

export default Module(STOCK_GUARD_MODULE, {
  service: StockGuardService,
})
