import { defineMiddlewares } from "@medusajs/framework/http"
import { installEarlyObserver, observeRequest } from "./observe"

// Before the routes are registered: Medusa scans this file first.
installEarlyObserver()

export default defineMiddlewares({
  routes: [
    // Requests no early middleware of Medusa's saw (none today) are observed here.
    { matcher: "/*", middlewares: [(req, res, next) => observeRequest(req, res, next)] },
  ],
})
