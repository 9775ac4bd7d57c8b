import { defineMiddlewares } from "@medusajs/framework/http"
import { authProtectionMiddlewares } from "./auth/protection"
import { zocoErrorHandler } from "./error-handler"
import { securityHeaderMiddlewares } from "./security-headers"
import { storeCartMiddlewares } from "./store/carts/middlewares"
import { storeOrderMiddlewares } from "./store/orders/middlewares"

// These run in addition to Medusa's own middlewares for the same routes.
export default defineMiddlewares({
  routes: [
    ...securityHeaderMiddlewares,
    ...authProtectionMiddlewares,
    ...storeCartMiddlewares,
    ...storeOrderMiddlewares,
  ],
  errorHandler: zocoErrorHandler,
})
