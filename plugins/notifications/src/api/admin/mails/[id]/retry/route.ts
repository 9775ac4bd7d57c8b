import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { deliverDueMails } from "../../../../../lib/deliver"
import { retryMailWorkflow } from "../../../../../workflows/retry-mail"
import { mails, toAdminMail } from "../../../../helpers"
import { AdminMailSummary } from "../../../../validators"

export const openapi = {
  POST: {
    summary: "Send a failed mail again",
    description:
      "A mail whose attempts ran out is queued again with a fresh set of attempts, and sent at once.",
    tags: ["Mail"],
    security: "admin",
    responses: {
      200: {
        description: "The mail after the new attempt",
        body: z.object({ mail: AdminMailSummary }),
      },
      404: { description: "No such mail" },
      400: { description: "The mail has not failed: it is queued, sent or kept" },
    },
  },
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await retryMailWorkflow(req.scope).run({ input: { id: req.params.id } })
  await deliverDueMails(req.scope, { only: [req.params.id] })
  res.json({ mail: toAdminMail(await mails(req).retrieveMailMessage(req.params.id)) })
}
