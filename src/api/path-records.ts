import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { zodValidator } from "@medusajs/framework"
import { z } from "@medusajs/framework/zod"

type Params = Record<string, string>

type PathRecord = {
  /** On the record's own routes below it; every method unless one is named. */
  matcher: string
  method?: "GET"
  /** The Query entity the path names. */
  entity: string
  /** How the 404 names it. */
  name: string
  /** The record the path names; by default the one whose id is `:id`. */
  filters?: (params: Params) => Record<string, string>
  /**
   * Paths the matcher also takes that are Medusa's own routes beside the record's and name no
   * record (`/variants/batch` is not a variant called "batch"): passed on untouched.
   */
  besides?: (params: Params) => boolean
}

/** Medusa's routes beside `/admin/products/:id/variants/:variant_id`, which name no variant. */
const VARIANT_SIBLINGS = new Set(["batch", "inventory-items"])

/**
 * Routes whose Medusa handler takes for granted that the record in its path exists: for one that
 * does not, they failed with a 500 ("Cannot read properties of undefined"), and the variant route
 * deleted the variant before failing, whatever product the path named. Each now answers 404 when
 * the record is not there, or (for a variant) is not the named product's. A matcher also takes
 * every path below it, so routes of Medusa's that sit beside a record's own are named in
 * `besides`.
 */
const PATH_RECORDS: PathRecord[] = [
  { matcher: "/admin/claims/:id/*", entity: "order_claim", name: "Claim" },
  { matcher: "/admin/exchanges/:id/*", entity: "order_exchange", name: "Exchange" },
  { matcher: "/admin/returns/:id/*", entity: "return", name: "Return" },
  { matcher: "/admin/order-edits/:id/*", entity: "order", name: "Order" },
  {
    matcher: "/admin/fulfillment-providers/:id/*",
    entity: "fulfillment_provider",
    name: "Fulfillment provider",
  },
  {
    matcher: "/admin/products/:id/variants/:variant_id",
    entity: "product_variant",
    name: "Variant",
    filters: (p) => ({ id: p.variant_id, product_id: p.id }),
    // The dashboard's bulk editor and inventory linking: the product is Medusa's to look up.
    besides: (p) => VARIANT_SIBLINGS.has(p.variant_id),
  },
  { matcher: "/admin/products/:id/options/batch", entity: "product", name: "Product" },
  { matcher: "/admin/api-keys/:id/sales-channels", entity: "api_key", name: "API key" },
  // Medusa's handlers answered `200 {}` here: the category one means to say 404 but tests the
  // list Query returns, which is never empty as a value; the return reason one does not test.
  {
    method: "GET",
    matcher: "/store/product-categories/:id",
    entity: "product_category",
    name: "Product category",
  },
  {
    method: "GET",
    matcher: "/store/return-reasons/:id",
    entity: "return_reason",
    name: "Return reason",
  },
]

function mustExist({ entity, name, filters, besides }: PathRecord) {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const params = req.params as Params
      if (besides?.(params)) return next()
      const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
      const where = filters ? filters(params) : { id: params.id }
      const { data } = await query.graph({ entity, fields: ["id"], filters: where })
      if (data.length > 0) return next()
      const described = Object.entries(where)
        .map(([field, value]) => `${field}: ${value}`)
        .join(", ")
      next(new MedusaError(MedusaError.Types.NOT_FOUND, `${name} with ${described} was not found`))
    } catch (error) {
      next(error)
    }
  }
}

/**
 * Medusa's stock-location validators trim `name` before checking that it is a string, so a
 * missing name, null or a number was a 500. Checked first here, with Medusa's own message.
 */
function stockLocationName(segments: number, name: z.ZodTypeAny) {
  const schema = z.object({ name }).passthrough()
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const path = req.originalUrl.split("?")[0].split("/").filter(Boolean)
    // Mounted without a method (to run before Medusa's validator), so it also sees the routes below.
    if (req.method !== "POST" || path.length !== segments) return next()
    try {
      await zodValidator(schema, req.body ?? {})
      next()
    } catch (error) {
      next(error)
    }
  }
}

/**
 * Medusa's payment webhook route queues whatever it is sent for the provider its path names, and
 * only the subscriber finds, seconds later, that no such provider is enabled: it then fails and
 * is retried, so one unauthenticated request to a made-up provider was three failed jobs and
 * their error logs. A provider that is not enabled here is a 404 at the door, and nothing queued.
 */
async function enabledPaymentProvider(
  req: MedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const provider = (req.params as Params).provider
    // As the payment module names it when it handles the webhook.
    const id = provider.startsWith("pp_") ? provider : `pp_${provider}`
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "payment_provider",
      fields: ["id"],
      filters: { id, is_enabled: true },
    })
    if (data.length > 0) return next()
    next(
      new MedusaError(MedusaError.Types.NOT_FOUND, `Payment provider with id: ${id} was not found`)
    )
  } catch (error) {
    next(error)
  }
}

// The longest name a file may have on Linux file systems, in bytes.
const NAME_MAX = 255

/**
 * Uploads are files in one folder (Medusa's local file provider), so an id that is not a plain
 * file name of that folder cannot name one: too long a name, a path below another file, or the
 * folder itself made the provider's file system call fail with a 500 (ENAMETOOLONG, ENOTDIR,
 * EISDIR). Such an id is a 404, as an unknown file is.
 */
function uploadKey(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const id = (req.params as Params).id
  const plain =
    !/[/\\]/.test(id) && id !== "." && id !== ".." && Buffer.byteLength(id, "utf8") <= NAME_MAX
  if (plain) return next()
  next(new MedusaError(MedusaError.Types.NOT_FOUND, `File with id: ${id.slice(0, 80)} not found`))
}

export const pathRecordMiddlewares: MiddlewareRoute[] = [
  ...PATH_RECORDS.map((record): MiddlewareRoute => ({
    ...(record.method ? { method: [record.method] } : {}),
    matcher: record.matcher,
    middlewares: [mustExist(record)],
  })),
  { matcher: "/admin/stock-locations", middlewares: [stockLocationName(2, z.string())] },
  {
    matcher: "/admin/stock-locations/:id",
    middlewares: [stockLocationName(3, z.string().optional())],
  },
  { method: ["GET", "DELETE"], matcher: "/admin/uploads/:id", middlewares: [uploadKey] },
  { method: ["POST"], matcher: "/hooks/payment/:provider", middlewares: [enabledPaymentProvider] },
]
