import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Rules a merchant can change in the dashboard, over a module's options: what was saved, `null`
 * where the option applies.
 */
export type SavedRules<R> = { [K in keyof R]: R[K] | null }

/** A change: the keys given are set, `null` returns a rule to the module's option. */
export type RulesChange<R> = Partial<SavedRules<R>>

/** A module whose rules the merchant can change (`plugins/README.md` shows how to write one). */
export interface RulesService<R> {
  /** The rules the module's options set. */
  defaultRules(): R
  /** What the merchant saved. */
  savedRules(): Promise<SavedRules<R>>
  /** The rules in force; read on every use, so a change applies at once on every server. */
  rules(): Promise<R>
  changeRules(change: RulesChange<R>): Promise<void>
}

/** The rules in force: each saved rule, else the option. */
export function inForce<R extends object>(saved: SavedRules<R>, defaults: R): R {
  const keys = Object.keys(defaults) as (keyof R)[]
  return Object.fromEntries(keys.map((k) => [k, saved[k] ?? defaults[k]])) as R
}

type Sql = { execute(sql: string, params?: unknown[]): Promise<unknown> }

/**
 * Writes the rules given into the module's one settings row (`id`), creating it on first use;
 * the others keep their value. `columns` lists the table's rule columns (`json` ones are stored
 * as jsonb): only they are written, and their names are never taken from the change.
 */
export async function saveRulesRow<R>(
  sql: Sql,
  target: {
    table: string
    id: string
    columns: readonly { readonly name: keyof R & string; readonly json?: boolean }[]
  },
  change: RulesChange<R>
) {
  const columns = target.columns.filter((c) => c.name in change)
  if (!columns.length) return
  const values = columns.map(({ name, json }) => {
    const value = change[name]
    return json && value !== null ? JSON.stringify(value) : value
  })
  // An insert that becomes an update when the row exists, so two first saves cannot clash.
  await sql.execute(
    `INSERT INTO ${target.table} (id, ${columns.map((c) => c.name).join(", ")})
     VALUES (?, ${columns.map((c) => (c.json ? "CAST(? AS jsonb)" : "?")).join(", ")})
     ON CONFLICT (id) DO UPDATE SET ${columns.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(", ")},
       updated_at = now()`,
    [target.id, ...values]
  )
}

/** What the Admin API answers about a module's rules. */
export async function rulesAnswer<R>(service: RulesService<R>) {
  const [rules, saved] = await Promise.all([service.rules(), service.savedRules()])
  return { rules, defaults: service.defaultRules(), saved }
}

type AnyRules = Record<string, unknown>

/**
 * A workflow step that saves the merchant's change to the rules of the module registered as
 * `moduleKey` and returns the rules in force; undone by writing back what was saved before.
 */
export function changeRulesStep(name: string, moduleKey: string) {
  return createStep(
    name,
    async (change: RulesChange<AnyRules>, { container }) => {
      const service = container.resolve<RulesService<AnyRules>>(moduleKey)
      const before = await service.savedRules()
      await service.changeRules(change)
      return new StepResponse(await service.rules(), before)
    },
    async (before, { container }) => {
      if (!before) return
      await container.resolve<RulesService<AnyRules>>(moduleKey).changeRules(before)
    }
  )
}
