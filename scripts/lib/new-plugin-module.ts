import type { PluginNames } from "./new-plugin-names"

/** `20261205114500`: the UTC time stamp `medusa plugin:db:generate` names a migration by. */
export function migrationStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, "")
    .replace(/\D/g, "")
}

/** A text column as MikroORM's schema snapshot describes it. */
function column(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    type: "text",
    unsigned: false,
    autoincrement: false,
    primary: false,
    nullable: false,
    unique: false,
    length: null,
    precision: null,
    scale: null,
    default: null,
    comment: null,
    enumItems: [],
    mappedType: "text",
    ...overrides,
  }
}

const timestamp = (name: string, nullable: boolean) =>
  column(name, {
    type: "timestamptz",
    nullable,
    length: 6,
    default: nullable ? null : "now()",
    mappedType: "datetime",
  })

/**
 * The snapshot `medusa plugin:db:generate` keeps next to the migrations: the next run diffs the
 * models against it, so a change to the model becomes a migration of just that change.
 */
function snapshot(n: PluginNames) {
  return {
    namespaces: ["public"],
    name: "public",
    tables: [
      {
        columns: {
          id: column("id", { primary: true }),
          title: column("title"),
          created_at: timestamp("created_at", false),
          updated_at: timestamp("updated_at", false),
          deleted_at: timestamp("deleted_at", true),
        },
        name: n.table,
        schema: "public",
        indexes: [
          {
            keyName: `IDX_${n.table}_deleted_at`,
            columnNames: [],
            composite: false,
            constraint: false,
            primary: false,
            unique: false,
            expression: `CREATE INDEX IF NOT EXISTS "IDX_${n.table}_deleted_at" ON "${n.table}" ("deleted_at") WHERE deleted_at IS NULL`,
          },
          {
            keyName: `${n.table}_pkey`,
            columnNames: ["id"],
            composite: false,
            constraint: true,
            primary: true,
            unique: true,
          },
        ],
        checks: [],
        foreignKeys: {},
        nativeEnums: {},
      },
    ],
    nativeEnums: {},
  }
}

/** The module: a DML model, its `MedusaService`, its events, migration and a test of it. */
export function moduleFiles(n: PluginNames, now: Date): Record<string, string> {
  const dir = `src/modules/${n.name}`
  const stamp = migrationStamp(now)
  return {
    [`${dir}/models/${n.modelFile}.ts`]: `
      import { model } from "@medusajs/framework/utils"

      /** TODO: what one row is. */
      const ${n.model} = model.define("${n.table}", {
        id: model.id({ prefix: "${n.module.replace(/_/g, "").slice(0, 6)}" }).primaryKey(),
        title: model.text(),
      })

      export default ${n.model}
    `,
    [`${dir}/service.ts`]: `
      import { MedusaService } from "@medusajs/framework/utils"
      import ${n.model} from "./models/${n.modelFile}"

      /** CRUD of ${n.model} from Medusa (create${n.model}s, list${n.model}s, …); add what it needs beyond. */
      export default class ${n.service} extends MedusaService({ ${n.model} }) {}
    `,
    [`${dir}/index.ts`]: `
      import { Module } from "@medusajs/framework/utils"
      import ${n.service} from "./service"

      export const ${n.moduleConst} = "${n.module}"

      export default Module(${n.moduleConst}, { service: ${n.service} })
    `,
    [`${dir}/events.ts`]: `
      /** What the plugin emits; subscribers (here or in the app) listen by these names. */
      export const ${n.model}Events = {
        /** A ${n.table} was added; \`data\` is \`{ id }\`. */
        CREATED: "${n.module}.item_created",
      } as const
    `,
    // As `medusa plugin:db:generate` writes it (then formatted), so scaffolding needs no database.
    [`${dir}/migrations/Migration${stamp}.ts`]: `
      import { Migration } from "@medusajs/framework/mikro-orm/migrations"

      export class Migration${stamp} extends Migration {
        override async up(): Promise<void> {
          this.addSql(\`create table if not exists "${n.table}" ("id" text not null, "title" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "${n.table}_pkey" primary key ("id"));\`)
          this.addSql(\`CREATE INDEX IF NOT EXISTS "IDX_${n.table}_deleted_at" ON "${n.table}" ("deleted_at") WHERE deleted_at IS NULL;\`)
        }

        override async down(): Promise<void> {
          this.addSql(\`drop table if exists "${n.table}" cascade;\`)
        }
      }
    `,
    [`${dir}/migrations/.snapshot-medusa-${n.name}.json`]: JSON.stringify(snapshot(n), null, 2),
    [`${dir}/__tests__/service.spec.ts`]: `
      import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
      import { ${n.moduleConst} } from ".."
      import ${n.model} from "../models/${n.modelFile}"
      import type ${n.service} from "../service"

      jest.setTimeout(60_000)

      moduleIntegrationTestRunner<${n.service}>({
        moduleName: ${n.moduleConst},
        moduleModels: [${n.model}],
        resolve: "./src/modules/${n.name}",
        testSuite: ({ service }) => {
          it("keeps what it is given", async () => {
            const created = await service.create${n.model}s({ title: "First" })
            expect(await service.list${n.model}s({ id: created.id })).toEqual([
              expect.objectContaining({ id: created.id, title: "First" }),
            ])
          })
        },
      })
    `,
  }
}
