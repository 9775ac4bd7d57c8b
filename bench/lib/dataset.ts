import { createHash } from "crypto"
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { run } from "../../scripts/lib/run"

export const ROOT = path.resolve(__dirname, "..", "..")
const DATA = path.join(ROOT, "data")

export const DATASETS = {
  /** 500 products × 12 variants: about 6,000 variants, EUR and USD prices, two regions. */
  mid: 500,
  /** 10,000 products × 12 variants. Seeding it takes long; its template is kept between runs. */
  large: 10_000,
} as const
export type Dataset = keyof typeof DATASETS

type SeedProduct = {
  handle: string
  title: string
  description: string
  availability: string
  category: string
  collection: string
  weight: number
  material: string
  origin_country: string
  images: string[]
  options: { title: string; values: string[] }[]
  variants: {
    title: string
    sku: string
    options: Record<string, string>
    prices: { currency_code: string; amount: number }[]
    allow_backorder: boolean
    stock: Record<string, number>
  }[]
}

// A small deterministic generator (mulberry32): the same dataset on every machine and run.
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
const COLORS = ["Black", "White"]
const WORDS = ["Alpine", "Harbor", "Linen", "Merino", "Canvas", "Trail", "Studio", "Coastal"]

/** `count` products shaped like data/products.json, built from the seed's own categories. */
export function generateProducts(count: number): SeedProduct[] {
  const base = (
    JSON.parse(readFileSync(path.join(DATA, "products.json"), "utf8")) as {
      products: SeedProduct[]
    }
  ).products
  const locations = Object.keys(base[0].variants[0].stock)
  const rand = random(20261128)
  return Array.from({ length: count }, (_, i) => {
    const model = base[i % base.length]
    const word = WORDS[Math.floor(rand() * WORDS.length)]
    const eur = Math.round((15 + rand() * 185) * 100) / 100
    const code = `B${String(i).padStart(5, "0")}`
    return {
      ...model,
      handle: `${word.toLowerCase()}-${model.handle}-${i}`,
      availability: "in_stock",
      title: `${word} ${model.title} ${i}`,
      options: [
        { title: "Size", values: SIZES },
        { title: "Color", values: COLORS },
      ],
      variants: SIZES.flatMap((size) =>
        COLORS.map((color) => ({
          title: `${size} / ${color}`,
          sku: `${code}-${size}-${color.slice(0, 3).toUpperCase()}`,
          options: { Size: size, Color: color },
          prices: [
            { currency_code: "eur", amount: eur },
            { currency_code: "usd", amount: Math.round(eur * 112) / 100 },
          ],
          allow_backorder: false,
          stock: Object.fromEntries(locations.map((l) => [l, 20 + Math.floor(rand() * 480)])),
        }))
      ),
    }
  })
}

/** A copy of data/ whose products.json holds the generated catalogue. */
/** Raised when how a template is built changes, so older templates are not reused. */
const TEMPLATE_FORMAT = 2

export function writeDataDir(dataset: Dataset): { dir: string; hash: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zoco-bench-${dataset}-`))
  cpSync(DATA, dir, { recursive: true })
  const products = JSON.stringify({ products: generateProducts(DATASETS[dataset]) })
  writeFileSync(path.join(dir, "products.json"), products)
  const hash = createHash("sha256")
  for (const file of [
    "regions.json",
    "locations.json",
    "shipping.json",
    "store.json",
    "tax.json",
    "categories.json",
    "collections.json",
    "promotions.json",
  ]) {
    hash.update(readFileSync(path.join(DATA, file)))
  }
  hash.update(products)
  hash.update(readFileSync(path.join(ROOT, "package-lock.json")))
  hash.update(`template-format-${TEMPLATE_FORMAT}`)
  // A template migrated before a migration of Zoco's was added would lack it.
  for (const file of zocoMigrations()) {
    hash.update(file)
    hash.update(readFileSync(path.join(ROOT, file)))
  }
  return { dir, hash: hash.digest("hex").slice(0, 10) }
}

/** The migration files of the app's and the plugins' modules, relative to the repository. */
export function zocoMigrations(): string[] {
  const roots = [
    "src/modules",
    ...readdirSync(path.join(ROOT, "plugins")).map((p) => `plugins/${p}/src/modules`),
  ]
  const files: string[] = []
  for (const root of roots) {
    if (!existsSync(path.join(ROOT, root))) continue
    for (const mod of readdirSync(path.join(ROOT, root)).sort()) {
      const dir = `${root}/${mod}/migrations`
      if (!existsSync(path.join(ROOT, dir))) continue
      for (const file of readdirSync(path.join(ROOT, dir)).sort()) {
        if (file.endsWith(".ts")) files.push(`${dir}/${file}`)
      }
    }
  }
  return files
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, "postgres") })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Lets the database finish what the previous configuration left it: its dirty pages are written
 * (`CHECKPOINT`, when the role may) and autovacuum, which a run's writes set off on that
 * configuration's copy, is waited for, up to `maxWaitMs`. Otherwise both would run during the
 * next configuration's measurement and be counted against it. Returns the time waited.
 */
export async function settleDatabase(serverUrl: string, maxWaitMs = 60_000): Promise<number> {
  const started = Date.now()
  await admin(serverUrl, async (c) => {
    await c.query("CHECKPOINT").catch(() => undefined)
    while (Date.now() - started < maxWaitMs) {
      const { rows } = await c.query<{ busy: number }>(
        "SELECT count(*)::int AS busy FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
      )
      if (rows[0].busy === 0) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  })
  return Date.now() - started
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return admin(serverUrl, async (c) => {
    const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    return Boolean(rowCount)
  })
}

/**
 * The template database of a dataset: migrated by Zoco's build and seeded through Zoco's own
 * seed script, once per version of the data and of the locked dependencies. Later runs copy it.
 */
export async function ensureTemplate(opts: {
  serverUrl: string
  dataset: Dataset
  medusa: string
  appDir: string
  env: NodeJS.ProcessEnv
  log: (line: string) => void
  logFile: string
}): Promise<string> {
  const { dir, hash } = writeDataDir(opts.dataset)
  const name = `zoco_bench_${opts.dataset}_${hash}`
  try {
    if (await databaseExists(opts.serverUrl, name)) {
      opts.log(`dataset ${opts.dataset}: template ${name} exists`)
      return name
    }
    const building = `${name}_building`
    await admin(opts.serverUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`)
      await c.query(`CREATE DATABASE "${building}"`)
    })
    const env = { ...opts.env, DATABASE_URL: withDatabase(opts.serverUrl, building) }
    const started = Date.now()
    try {
      opts.log(`dataset ${opts.dataset}: migrating a new template`)
      await run(opts.medusa, ["db:migrate"], { cwd: opts.appDir, env, logFile: opts.logFile })
      opts.log(`dataset ${opts.dataset}: seeding ${DATASETS[opts.dataset]} products (once)`)
      await run(opts.medusa, ["exec", "./src/scripts/seed.js"], {
        cwd: opts.appDir,
        // The images go beside the dataset, not into the shared build (one process's files).
        env: { ...env, SEED_DATA_DIR: dir, ZOCO_UPLOADS_DIR: path.join(dir, "uploads") },
        logFile: opts.logFile,
      })
      // Planner statistics, as autovacuum would gather on a live database. A copy of the template
      // starts with its activity counters at zero, so autovacuum would never analyze it, and every
      // configuration would run on default estimates and the plans they lead to.
      const analyze = new Client({ connectionString: env.DATABASE_URL })
      await analyze.connect()
      try {
        await analyze.query("ANALYZE")
      } finally {
        await analyze.end()
      }
    } catch (error) {
      // A half-built template must not be left behind.
      await dropDatabase(opts.serverUrl, building).catch(() => undefined)
      throw error
    }
    await admin(opts.serverUrl, (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`))
    opts.log(
      `dataset ${opts.dataset}: template ready in ${Math.round((Date.now() - started) / 1000)} s`
    )
    return name
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A fresh copy of the template for one configuration of one run. */
export async function cloneTemplate(serverUrl: string, template: string, name: string) {
  await admin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  })
  return withDatabase(serverUrl, name)
}

export async function dropDatabase(serverUrl: string, name: string) {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}
