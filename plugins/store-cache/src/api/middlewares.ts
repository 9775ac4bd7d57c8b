import { defineMiddlewares } from "@medusajs/framework/http"
import { storeCache } from "./store-cache"

export default defineMiddlewares({
  routes: [
    { method: ["GET"], matcher: "/store/products*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/product-categories*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/collections*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/regions*", middlewares: [storeCache] },
    { method: ["GET"], matcher: "/store/currencies*", middlewares: [storeCache] },
  ],
})
