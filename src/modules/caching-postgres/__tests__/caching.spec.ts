import type { ICachingModuleService } from "@medusajs/framework/types"
import { Modules, ModulesSdkUtils } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { Client } from "pg"
import { setTimeout as sleep } from "timers/promises"
import { PostgresCachingProvider, type PostgresCachingOptions } from "../service"

jest.setTimeout(60_000)

type Knex = ReturnType<typeof ModulesSdkUtils.createPgConnection>

/** Polls until `check` holds; fails with `what` after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await sleep(25)
  }
}

/** A region as Query returns it, with the tags Medusa's caching module derives for it. */
const region = { id: "reg_eu", name: "Europe", currency_code: "eur", countries: [{ iso_2: "de" }] }
const regionTags = ["Region:reg_eu", "Region:list:*"]

moduleIntegrationTestRunner<ICachingModuleService>({
  moduleName: Modules.CACHING,
  moduleOptions: {
    providers: [
      {
        id: PostgresCachingProvider.identifier,
        resolve: path.join(__dirname, ".."),
        is_default: true,
        options: { settleMs: 200 } satisfies PostgresCachingOptions,
      },
    ],
  },
  testSuite: ({ service: caching, dbConfig }) => {
    const knexes: Knex[] = []
    const providers: PostgresCachingProvider[] = []

    /** Another process on the same database: its own connection pool and its own provider. */
    async function anotherProcess(options: PostgresCachingOptions = {}) {
      const knex = ModulesSdkUtils.createPgConnection({ clientUrl: dbConfig.clientUrl })
      knexes.push(knex)
      const provider = new PostgresCachingProvider(
        { __pg_connection__: knex, logger: quietLogger },
        { settleMs: 200, heartbeatMs: 500, ...options }
      )
      providers.push(provider)
      await provider.get({ key: "warm-up" })
      await until("it listens", () => provider.listening)
      return provider
    }

    /** A statement on the server's maintenance database: the module has no tables to migrate. */
    async function onServer(sql: string) {
      const url = new URL(dbConfig.clientUrl)
      url.pathname = "/postgres"
      const admin = new Client({ connectionString: url.toString() })
      await admin.connect()
      try {
        await admin.query(sql)
      } finally {
        await admin.end()
      }
    }
    const database = decodeURIComponent(new URL(dbConfig.clientUrl).pathname.slice(1))

    beforeAll(async () => {
      await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      await onServer(`CREATE DATABASE "${database}"`)
    })

    afterAll(async () => {
      await Promise.all(providers.map((p) => p.stop()))
      await Promise.all(knexes.map((k) => k.destroy()))
      await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    })

    describe("Medusa's caching module on PostgreSQL-shared invalidation", () => {
      it("is the module's provider: keeps what is set, hands out copies, clears by tag", async () => {
        // The cache is out of use until its connection listens: sets before that are dropped.
        await until("an entry is kept", async () => {
          await caching.set({ key: "region-eu", data: region, tags: regionTags })
          return (await caching.get({ key: "region-eu" })) !== null
        })
        const first = (await caching.get({ key: "region-eu" })) as typeof region
        expect(first).toEqual(region)
        // A caller changing what it got does not change what the next caller gets.
        first.name = "changed by a caller"
        first.countries.push({ iso_2: "fr" })
        expect(await caching.get({ key: "region-eu" })).toEqual(region)
        expect(await caching.get({ tags: ["Region:reg_eu"] })).toEqual([region])

        await caching.clear({ tags: ["Region:reg_eu"], options: { autoInvalidate: true } })
        expect(await caching.get({ key: "region-eu" })).toBeNull()
      })
    })

    describe("invalidations between processes", () => {
      it("an invalidation in one process removes the entry in another", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess()
        await sleep(250) // past the settle time of the connections' first flush
        await b.set({ key: "k1", data: region, tags: regionTags })
        await a.set({ key: "k1", data: region, tags: regionTags })
        expect(await b.get({ key: "k1" })).toEqual(region)

        await a.clear({ tags: ["Region:reg_eu"], options: { autoInvalidate: true } })
        expect(await a.get({ key: "k1" })).toBeNull()
        await until("the other process drops it", async () => (await b.get({ key: "k1" })) === null)
      })

      it("keeps Medusa's rules: automatic clears spare entries set not to be, explicit ones do not", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess()
        await sleep(250)
        await b.set({
          key: "manual",
          data: { v: 1 },
          tags: ["Tag:x"],
          options: { autoInvalidate: false },
        })
        await b.set({ key: "auto", data: { v: 2 }, tags: ["Tag:x"] })

        await a.clear({ tags: ["Tag:x"], options: { autoInvalidate: true } })
        await until(
          "the automatic clear arrives",
          async () => (await b.get({ key: "auto" })) === null
        )
        expect(await b.get({ key: "manual" })).toEqual({ v: 1 })

        await a.clear({ tags: ["Tag:x"] })
        await until(
          "the explicit clear arrives",
          async () => (await b.get({ key: "manual" })) === null
        )
      })

      it("shares clears by key and the clear of everything", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess()
        await sleep(250)
        await b.set({ key: "one", data: { v: 1 }, tags: ["Tag:one"] })
        await b.set({ key: "two", data: { v: 2 }, tags: ["Tag:y"] })
        await a.clear({ key: "one" })
        await until("the key's clear arrives", async () => (await b.get({ key: "one" })) === null)
        expect(await b.get({ key: "two" })).toEqual({ v: 2 })
        await a.clear({ tags: ["*"] })
        await until("the flush arrives", async () => (await b.get({ key: "two" })) === null)
      })

      it("keeps no entry that no change could clear, unless its caller clears it itself", async () => {
        const b = await anotherProcess()
        await sleep(250)
        // What Medusa sets for a look-up that found nothing: no record, so no tag.
        await b.set({ key: "nothing-found", data: { data: [] }, tags: [] })
        await b.set({ key: "no-tags", data: { data: [] } })
        expect(await b.get({ key: "nothing-found" })).toBeNull()
        expect(await b.get({ key: "no-tags" })).toBeNull()
        await b.set({ key: "managed", data: { v: 1 }, options: { autoInvalidate: false } })
        expect(await b.get({ key: "managed" })).toEqual({ v: 1 })
        await b.clear({ key: "managed" })
        expect(await b.get({ key: "managed" })).toBeNull()
      })

      it("delivers every one of many invalidations made at once", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess()
        await sleep(250)
        const keys = Array.from({ length: 50 }, (_, i) => `burst-${i}`)
        for (const key of keys) await b.set({ key, data: { key }, tags: [`Tag:${key}`] })
        await b.set({ key: "kept", data: { v: 1 }, tags: ["Tag:kept"] })
        // As Medusa does for the events of one workflow: one clear per event, all in one turn.
        await Promise.all(keys.map((key) => a.clear({ key })))
        await until("all of them arrive", async () => {
          const left = await Promise.all(keys.map((key) => b.get({ key })))
          return left.every((v) => v === null)
        })
        expect(await b.get({ key: "kept" })).toEqual({ v: 1 })
      })

      it("delivers an invalidation of more tags than one notification holds", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess()
        await sleep(250)
        const tags = Array.from(
          { length: 2_000 },
          (_, i) => `ProductVariant:variant_${i}_${"x".repeat(20)}`
        )
        await b.set({ key: "last", data: { v: 1 }, tags: [tags[tags.length - 1]] })
        await b.set({ key: "first", data: { v: 2 }, tags: [tags[0]] })
        await b.set({ key: "other", data: { v: 3 }, tags: ["Tag:unrelated"] })
        await a.clear({ tags, options: { autoInvalidate: true } })
        await until(
          "both ends of the list arrive",
          async () =>
            (await b.get({ key: "last" })) === null && (await b.get({ key: "first" })) === null
        )
        expect(await b.get({ key: "other" })).toEqual({ v: 3 })
      })

      it("does not keep a read whose tags were invalidated while it ran", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess({ settleMs: 1_000 })
        await sleep(1_050)
        await a.clear({ tags: ["Region:reg_eu"], options: { autoInvalidate: true } })
        await until("the clear arrives", async () => {
          // A read that began before the change and ends after its invalidation arrived.
          await b.set({ key: "late", data: { name: "old" }, tags: regionTags })
          return (await b.get({ key: "late" })) === null
        })
        await sleep(1_050)
        await b.set({ key: "late", data: { name: "new" }, tags: regionTags })
        expect(await b.get({ key: "late" })).toEqual({ name: "new" })
      })

      it("serves nothing while its connection is down, and nothing from before once it is back", async () => {
        const a = await anotherProcess()
        const b = await anotherProcess()
        await sleep(250)
        await b.set({ key: "before", data: { v: 1 }, tags: ["Tag:z"] })
        expect(await b.get({ key: "before" })).toEqual({ v: 1 })
        const before = b.stats.connections

        const { rows } = (await knexes[0].raw(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name = 'zoco-caching-listener' AND datname = current_database()`
        )) as { rows: unknown[] }
        expect(rows.length).toBeGreaterThanOrEqual(2)
        // Invalidations sent now reach no one; what b held may be stale when it is back.
        await a.clear({ tags: ["Tag:z"] })

        await until(
          "it listens on a new connection",
          () => b.listening && b.stats.connections > before
        )
        expect(await b.get({ key: "before" })).toBeNull()
        await sleep(250)
        await b.set({ key: "after", data: { v: 2 }, tags: ["Tag:after"] })
        expect(await b.get({ key: "after" })).toEqual({ v: 2 })
      })

      it("stays within its bound", async () => {
        const b = await anotherProcess({ maxBytes: 200_000 })
        await sleep(250)
        for (let i = 0; i < 200; i++) {
          await b.set({
            key: `big-${i}`,
            data: { blob: "x".repeat(5_000) },
            tags: [`Tag:${i % 10}`],
          })
        }
        expect(b.stats.bytes).toBeLessThanOrEqual(200_000)
        expect(b.stats.entries).toBeGreaterThan(10)
        expect(await b.get({ key: "big-199" })).not.toBeNull()
        expect(await b.get({ key: "big-0" })).toBeNull()
        // Evicted entries leave the tag index: a read by tag returns only what is held.
        const byTag = (await b.get({ tags: ["Tag:9"] })) as unknown[]
        expect(byTag.length).toBeGreaterThan(0)
        expect(byTag.length).toBeLessThan(20)
        // One entry larger than the whole bound is not kept, nor found by its tag.
        await b.set({ key: "huge", data: { blob: "x".repeat(300_000) }, tags: ["Tag:huge"] })
        expect(await b.get({ key: "huge" })).toBeNull()
        expect(await b.get({ tags: ["Tag:huge"] })).toEqual([])
        expect(b.stats.bytes).toBeLessThanOrEqual(200_000)
      })
    })
  },
})

const quietLogger = { info: () => undefined, warn: () => undefined }
