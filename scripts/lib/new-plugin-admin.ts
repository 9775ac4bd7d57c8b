import type { PluginNames } from "./new-plugin-names"

/** The dashboard's side: a widget that lists the newest items through the Admin route. */
export function adminFiles(n: PluginNames): Record<string, string> {
  return {
    "src/admin/lib/client.ts": `
      // The dashboard's Admin API client (the session it is signed in with), shared by every
      // plugin. Add this plugin's typed calls here as the widget and pages need them.
      import { sdk } from "@zoco/plugin-kit/admin/sdk"

      export { sdk }
    `,
    [`src/admin/widgets/${n.name}-items.tsx`]: `
      import { defineWidgetConfig } from "@medusajs/admin-sdk"
      import { Container, Heading, Skeleton, Text } from "@medusajs/ui"
      import { useQuery } from "@tanstack/react-query"
      import { LoadError } from "@zoco/plugin-kit/admin/states"
      import { sdk } from "../lib/client"

      type ItemList = { items: { id: string; title: string }[]; count: number }

      /** TODO: place it where the merchant needs it (the zone) and show what matters there. */
      const ${n.model}sWidget = () => {
        const { data, error, isPending, refetch } = useQuery({
          queryKey: ["${n.name}", "items"],
          queryFn: () => sdk.client.fetch<ItemList>("/admin/${n.name}", { query: { limit: 5 } }),
        })
        return (
          <Container className="divide-y p-0">
            <div className="px-6 py-4">
              <Heading level="h2">${n.title}</Heading>
            </div>
            <div className="px-6 py-4">
              {isPending ? (
                <Skeleton className="h-5 w-48" />
              ) : error ? (
                <LoadError what="Items" error={error} retry={() => refetch()} />
              ) : data.count === 0 ? (
                <Text size="small" className="text-ui-fg-subtle">
                  No items yet: the storefront adds them with POST /store/${n.name}.
                </Text>
              ) : (
                <ul>
                  {data.items.map((item) => (
                    <li key={item.id}>
                      <Text size="small">{item.title}</Text>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Container>
        )
      }

      export const config = defineWidgetConfig({ zone: "product.list.before" })

      export default ${n.model}sWidget
    `,
  }
}

/**
 * The routes over HTTP, in a Medusa app started from the plugin's own `medusa-config.ts`: a
 * storefront with a publishable key, a merchant with a signed admin token.
 */
export function httpTestFiles(n: PluginNames): Record<string, string> {
  return {
    "src/api/__tests__/routes.spec.ts": `
      import path from "node:path"
      import type { ConfigModule, IApiKeyModuleService } from "@medusajs/framework/types"
      import {
        ContainerRegistrationKeys,
        generateJwtToken,
        Modules,
      } from "@medusajs/framework/utils"
      import { medusaIntegrationTestRunner } from "@medusajs/test-utils"

      // Every migration of Medusa's, then the app: minutes on a busy machine.
      jest.setTimeout(300_000)

      medusaIntegrationTestRunner({
        cwd: path.resolve(__dirname, "../../.."),
        testSuite: ({ api, getContainer }) => {
          // Every answer comes back to be asserted on, errors included.
          type Caller = { headers: Record<string, string>; validateStatus: () => boolean }
          let store: Caller
          let admin: Caller
          const anyone: Caller = { headers: {}, validateStatus: () => true }

          beforeEach(async () => {
            const container = getContainer()
            const keys = container.resolve<IApiKeyModuleService>(Modules.API_KEY)
            const key = await keys.createApiKeys({
              title: "Storefront",
              type: "publishable",
              created_by: "test",
            })
            store = { ...anyone, headers: { "x-publishable-api-key": key.token } }
            const { http } = container.resolve<ConfigModule>(
              ContainerRegistrationKeys.CONFIG_MODULE
            ).projectConfig
            const token = generateJwtToken(
              { actor_id: "user_test", actor_type: "user", auth_identity_id: "authid_test", app_metadata: {} },
              { secret: http.jwtSecret, expiresIn: "1h" }
            )
            admin = { ...anyone, headers: { authorization: \`Bearer \${token}\` } }
          })

          it("adds an item from the storefront that the admin then lists", async () => {
            const added = await api.post("/store/${n.name}", { title: "First" }, store)
            expect(added.status).toBe(201)
            expect(added.data.item).toEqual(expect.objectContaining({ title: "First" }))

            const listed = await api.get("/admin/${n.name}?limit=10", admin)
            expect(listed.data).toEqual({
              items: [expect.objectContaining({ id: added.data.item.id, title: "First" })],
              count: 1,
              limit: 10,
              offset: 0,
            })
          })

          it("refuses a blank title and unknown fields", async () => {
            for (const body of [{ title: " " }, { title: "Ok", extra: true }]) {
              const answer = await api.post("/store/${n.name}", body, store)
              expect(answer.status).toBe(400)
            }
            const query = await api.get("/admin/${n.name}?sort=title", admin)
            expect(query.status).toBe(400)
          })

          it("keeps the Admin routes to signed-in users", async () => {
            const answer = await api.post("/admin/${n.name}", { title: "No" }, anyone)
            expect(answer.status).toBe(401)
            const added = await api.post("/admin/${n.name}", { title: "Yes" }, admin)
            expect(added.status).toBe(201)
          })
        },
      })
    `,
  }
}
