import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { mails, SUMMARY_FIELDS, toAdminMail } from "../../helpers"
import { AdminListMailsQuery, AdminMailSummary } from "../../validators"

export const openapi = {
  GET: {
    summary: "List transactional mails",
    description:
      "The outbox and the dev mailbox: every mail queued, sent, kept (no SMTP server configured) or failed, newest first.",
    tags: ["Mail"],
    security: "admin",
    query: AdminListMailsQuery,
    responses: {
      200: {
        description: "A page of mails",
        body: z.object({
          mails: z.array(AdminMailSummary),
          count: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
        }),
      },
      400: { description: "Bad filter" },
    },
  },
}

// LIKE's own wildcards in what the merchant typed match themselves.
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { status, template, q, limit, offset } = req.validatedQuery as AdminListMailsQuery
  const [rows, count] = await mails(req).listAndCountMailMessages(
    {
      ...(status ? { status } : {}),
      ...(template ? { template } : {}),
      ...(q ? { to: { $ilike: `%${likeLiteral(q)}%` } } : {}),
    },
    { select: SUMMARY_FIELDS, take: limit, skip: offset, order: { created_at: "DESC", id: "DESC" } }
  )
  res.json({ mails: rows.map(toAdminMail), count, limit, offset })
}
