import { defineMiddlewares } from "@medusajs/framework/http"
import { adminPaymentMiddlewares } from "./admin/payments/middlewares"
import { adminZocoMiddlewares } from "./admin/zoco/middlewares"
import { knownAuthProviderMiddlewares } from "./auth/known-providers"
import { authProtectionMiddlewares } from "./auth/protection"
import { zocoErrorHandler } from "./error-handler"
import { installEarlySecurityHeaders } from "./security-headers"
import { storeCartMiddlewares } from "./store/carts/middlewares"
import { storeOwnershipMiddlewares } from "./store/ownership"
import { storePaymentCollectionMiddlewares } from "./store/payment-collections/middlewares"
import { optionalModuleMiddlewares } from "./optional-modules"
import { pathRecordMiddlewares } from "./path-records"
import { queryGuardMiddlewares } from "./query-guard"
import { staticUploadsMiddlewares } from "./static-uploads"

installEarlySecurityHeaders()

// These run in addition to Medusa's own middlewares for the same routes.
export default defineMiddlewares({
  routes: [
    ...authProtectionMiddlewares,
    ...knownAuthProviderMiddlewares,
    ...queryGuardMiddlewares,
    ...optionalModuleMiddlewares,
    ...pathRecordMiddlewares,
    ...storeCartMiddlewares,
    ...storePaymentCollectionMiddlewares,
    ...adminPaymentMiddlewares,
    ...adminZocoMiddlewares,
    ...storeOwnershipMiddlewares,
    ...staticUploadsMiddlewares,
  ],
  errorHandler: zocoErrorHandler,
})
