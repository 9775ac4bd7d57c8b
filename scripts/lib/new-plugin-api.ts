import type { PluginNames } from "./new-plugin-names"

/**
 * The write path, as DESIGN.md has it: route → `.strict()` zod body → workflow (a step with its
 * compensation, then the event) → module; the side effect runs in a subscriber.
 */
export function workflowFiles(n: PluginNames): Record<string, string> {
  const input = `Create${n.model}Input`
  return {
    [`src/workflows/steps/create-${n.modelFile}.ts`]: `
      import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
      import { ${n.moduleConst} } from "../../modules/${n.name}"
      import type ${n.service} from "../../modules/${n.name}/service"

      export type ${input} = { title: string }

      export const create${n.model}StepId = "create-${n.modelFile}"

      /** Adds the row; undone (deleted again) when a later step of the workflow fails. */
      export const create${n.model}Step = createStep(
        create${n.model}StepId,
        async (input: ${input}, { container }) => {
          const service = container.resolve<${n.service}>(${n.moduleConst})
          const item = await service.create${n.model}s(input)
          return new StepResponse(item, item.id)
        },
        async (id, { container }) => {
          if (!id) return
          await container.resolve<${n.service}>(${n.moduleConst}).delete${n.model}s(id)
        }
      )
    `,
    [`src/workflows/create-${n.modelFile}.ts`]: `
      import { emitEventStep } from "@medusajs/medusa/core-flows"
      import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
      import { ${n.model}Events } from "../modules/${n.name}/events"
      import { create${n.model}Step, type ${input} } from "./steps/create-${n.modelFile}"

      /** Adds an item and emits \`${n.module}.item_created\` once it is stored. */
      export const create${n.model}Workflow = createWorkflow(
        "create-${n.modelFile}",
        (input: ${input}) => {
          const item = create${n.model}Step(input)
          const data = transform({ item }, ({ item }) => ({ id: item.id }))
          emitEventStep({ eventName: ${n.model}Events.CREATED, data })
          return new WorkflowResponse(item)
        }
      )
    `,
    "src/workflows/index.ts": `
      export * from "./create-${n.modelFile}"
      export * from "./steps/create-${n.modelFile}"
    `,
    [`src/subscribers/${n.modelFile}-created.ts`]: `
      import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
      import type { Logger } from "@medusajs/framework/types"
      import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
      import { ${n.model}Events } from "../modules/${n.name}/events"

      /** TODO: the side effect of a new item (a notification, a sync); for now, a log line. */
      export default async function ${n.camel}ItemCreated({
        event,
        container,
      }: SubscriberArgs<{ id: string }>) {
        const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
        logger.info(\`${n.title}: item \${event.data.id} added\`)
      }

      export const config: SubscriberConfig = { event: ${n.model}Events.CREATED }
    `,
  }
}

/** Store and Admin routes: schemas, middlewares and OpenAPI docs. */
export function apiFiles(n: PluginNames): Record<string, string> {
  // Both APIs add an item the same way; only who may call and the schema's name differ.
  const addItemDocs = (security: string, body: string) => `{
    summary: "Add an item",
    tags: ["${n.title}"],
    security: "${security}",
    body: ${body},
    responses: {
      201: { description: "Added", body: z.object({ item: ${n.model}Response }) },
      400: { description: "A missing or blank title, or an unknown field" },
    },
  }`
  return {
    "src/api/validators.ts": `
      import { z } from "@medusajs/framework/zod"

      /** What a storefront sends to add an item. */
      export const StoreCreate${n.model} = z
        .object({ title: z.string().trim().min(1).max(200).describe("What the item is called") })
        .strict()
      export type StoreCreate${n.model} = z.infer<typeof StoreCreate${n.model}>

      export const AdminCreate${n.model} = StoreCreate${n.model}
      export type AdminCreate${n.model} = StoreCreate${n.model}

      export const AdminList${n.model}sQuery = z
        .object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        })
        .strict()
      export type AdminList${n.model}sQuery = z.infer<typeof AdminList${n.model}sQuery>

      /** An item as both APIs answer with it. */
      export const ${n.model}Response = z.object({
        id: z.string(),
        title: z.string(),
        created_at: z.string(),
        updated_at: z.string(),
      })
    `,
    "src/api/helpers.ts": `
      import type { MedusaRequest } from "@medusajs/framework/http"
      import { ${n.moduleConst} } from "../modules/${n.name}"
      import type ${n.service} from "../modules/${n.name}/service"

      export function ${n.camel}Service(req: MedusaRequest) {
        return req.scope.resolve<${n.service}>(${n.moduleConst})
      }

      /** The columns the routes answer with (\`${n.model}Response\`). */
      export const ITEM_FIELDS = ["id", "title", "created_at", "updated_at"]

      /** An item as the routes answer with it, read back after the workflow wrote it. */
      export function retrieveItem(req: MedusaRequest, id: string) {
        return ${n.camel}Service(req).retrieve${n.model}(id, { select: ITEM_FIELDS })
      }
    `,
    "src/api/middlewares.ts": `
      import {
        defineMiddlewares,
        validateAndTransformBody,
        validateAndTransformQuery,
      } from "@medusajs/framework/http"
      import { AdminCreate${n.model}, AdminList${n.model}sQuery, StoreCreate${n.model} } from "./validators"

      export default defineMiddlewares({
        routes: [
          {
            matcher: "/store/${n.name}",
            method: ["POST"],
            middlewares: [validateAndTransformBody(StoreCreate${n.model})],
          },
          {
            matcher: "/admin/${n.name}",
            method: ["GET"],
            middlewares: [validateAndTransformQuery(AdminList${n.model}sQuery, {})],
          },
          {
            matcher: "/admin/${n.name}",
            method: ["POST"],
            middlewares: [validateAndTransformBody(AdminCreate${n.model})],
          },
        ],
      })
    `,
    [`src/api/store/${n.name}/route.ts`]: `
      import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
      import { z } from "@medusajs/framework/zod"
      import type { RouteDocs } from "@zoco/plugin-kit/openapi"
      import { create${n.model}Workflow } from "../../../workflows/create-${n.modelFile}"
      import { retrieveItem } from "../../helpers"
      import { ${n.model}Response, StoreCreate${n.model} } from "../../validators"

      export const openapi: RouteDocs = {
        POST: ${addItemDocs("publishable-key", `StoreCreate${n.model}`)},
      }

      export async function POST(req: MedusaRequest<StoreCreate${n.model}>, res: MedusaResponse) {
        const { result } = await create${n.model}Workflow(req.scope).run({ input: req.validatedBody })
        res.status(201).json({ item: await retrieveItem(req, result.id) })
      }
    `,
    [`src/api/admin/${n.name}/route.ts`]: `
      import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
      import { z } from "@medusajs/framework/zod"
      import type { RouteDocs } from "@zoco/plugin-kit/openapi"
      import { create${n.model}Workflow } from "../../../workflows/create-${n.modelFile}"
      import { ITEM_FIELDS, ${n.camel}Service, retrieveItem } from "../../helpers"
      import {
        AdminCreate${n.model},
        AdminList${n.model}sQuery,
        ${n.model}Response,
      } from "../../validators"

      export const openapi: RouteDocs = {
        GET: {
          summary: "List items",
          description: "Newest first.",
          tags: ["${n.title}"],
          security: "admin",
          query: AdminList${n.model}sQuery,
          responses: {
            200: {
              description: "A page of items",
              body: z.object({
                items: z.array(${n.model}Response),
                count: z.number().int(),
                limit: z.number().int(),
                offset: z.number().int(),
              }),
            },
          },
        },
        POST: ${addItemDocs("admin", `AdminCreate${n.model}`)},
      }

      export async function GET(
        req: AuthenticatedMedusaRequest<unknown, AdminList${n.model}sQuery>,
        res: MedusaResponse
      ) {
        const { limit, offset } = req.validatedQuery
        const [items, count] = await ${n.camel}Service(req).listAndCount${n.model}s(
          {},
          { select: ITEM_FIELDS, skip: offset, take: limit, order: { created_at: "DESC", id: "DESC" } }
        )
        res.json({ items, count, limit, offset })
      }

      export async function POST(
        req: AuthenticatedMedusaRequest<AdminCreate${n.model}>,
        res: MedusaResponse
      ) {
        const { result } = await create${n.model}Workflow(req.scope).run({ input: req.validatedBody })
        res.status(201).json({ item: await retrieveItem(req, result.id) })
      }
    `,
  }
}
