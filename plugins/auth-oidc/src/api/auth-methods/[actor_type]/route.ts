import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { pluginOptions } from "../../../lib/config"

export const openapi: RouteDocs = {
  GET: {
    summary: "List the redirect sign-in methods of an actor",
    description:
      "The OpenID Connect, Google and GitHub methods configured for `customer` or `user`, in order: the `id` is the provider of `POST /auth/{actor_type}/{id}`. Email and password is not listed.",
    tags: ["Auth"],
    security: "none",
    responses: {
      200: {
        description: "The methods",
        body: z.object({ methods: z.array(z.object({ id: z.string(), name: z.string() })) }),
      },
      400: { description: "Unknown actor type" },
    },
  },
}

/** What a sign-in page shows for one actor: a button per method, in the configured order. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const { actor_type } = req.params
  if (actor_type !== "customer" && actor_type !== "user") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Unknown actor type "${actor_type}": use customer or user`
    )
  }
  const methods = pluginOptions(req.scope)
    .methods.filter((m) => m.actor === actor_type)
    .map(({ id, name }) => ({ id, name }))
  res.json({ methods })
}
