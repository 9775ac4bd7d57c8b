import { defineMiddlewares, validateAndTransformBody } from "@medusajs/framework/http"
import { AdminInvalidateStoreCache } from "./admin/store-cache/validators"
import { rememberPublishableKeys } from "./publishable-keys"
import { storeCache } from "./store-cache"

// Medusa reads this file before it registers its publishable key check, which this wraps.
rememberPublishableKeys()

export default defineMiddlewares({
  routes: [
    { method: ["GET"], matcher: "/store/products*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/product-categories*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/collections*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/regions*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/currencies*", middlewares: [storeCache] },
    {
      method: ["POST"],
      matcher: "/admin/store-cache/invalidate",
      middlewares: [validateAndTransformBody(AdminInvalidateStoreCache)],
    },
  ],
})
