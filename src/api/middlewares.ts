import { defineMiddlewares } from "@medusajs/framework/http"
import { zocoErrorHandler } from "./payment-errors"
import { storeCartMiddlewares } from "./store/carts/middlewares"
import { storeOrderMiddlewares } from "./store/orders/middlewares"

// These run in addition to Medusa's own middlewares for the same routes.
export default defineMiddlewares({
  routes: [...storeCartMiddlewares, ...storeOrderMiddlewares],
  errorHandler: zocoErrorHandler,
})
