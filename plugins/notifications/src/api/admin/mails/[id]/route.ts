import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { mails, toAdminMailDetail } from "../../../helpers"
import { AdminMail } from "../../../validators"

export const openapi = {
  GET: {
    summary: "Get a transactional mail",
    description:
      "The rendered mail: subject, HTML and plain text. A sent mail that carried a one-time link (password reset, invitation) is listed without its body.",
    tags: ["Mail"],
    security: "admin",
    responses: {
      200: { description: "The mail", body: z.object({ mail: AdminMail }) },
      404: { description: "No such mail" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mail = await mails(req).retrieveMailMessage(req.params.id)
  res.json({ mail: toAdminMailDetail(mail) })
}
