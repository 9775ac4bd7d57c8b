"use strict"
/**
 * Keeps sessions (the dashboard's sign-in) in PostgreSQL when Zoco runs without Redis, so a
 * restart or deploy does not sign every merchant out. Loaded by the launcher into the server
 * process with `--require`, before Medusa: Medusa 2.x builds its session middleware itself and
 * knows only Redis and DynamoDB stores; without either it calls express-session with
 * `store: null`, and express-session then keeps sessions in the process's memory. This replaces
 * the express-session module Medusa's express loader requires by one that hands such a call
 * the PostgreSQL store (connect-pg-simple). It is the only place Zoco changes how Medusa builds
 * its middlewares; `scripts/lib/__tests__/session-preload.unit.spec.ts` runs Medusa's own express
 * loader with it and fails when an upgrade of Medusa obtains the middleware another way.
 *
 * The launcher passes the resolved database settings in ZOCO_SESSION_STORE (JSON: `url`, `ssl`).
 */
const path = require("path")

const WRAPPED = Symbol.for("zoco.session-store")
/** The table sessions live in; created on first use (the launcher creates no other table). */
const TABLE = "zoco_session"

function install(settings) {
  // The copy of express-session that Medusa's express loader requires, wherever npm put it.
  const http = path.dirname(require.resolve("@medusajs/framework/http"))
  const modulePath = require.resolve("express-session", { paths: [http] })
  const session = require(modulePath)
  if (session[WRAPPED]) return session
  const PgStore = require("connect-pg-simple")(session)
  let store

  const openStore = () => {
    const { Pool } = require("pg")
    const pool = new Pool({
      connectionString: settings.url,
      ssl: settings.ssl ? { rejectUnauthorized: false } : undefined,
      max: 4,
    })
    pool.on("error", (error) => console.error(`[zoco] session store: ${error.message}`))
    // Created here rather than by connect-pg-simple, whose one failed attempt (two processes
    // creating it at once) would fail every later request of the process: a failed attempt is
    // made again by the next request.
    let table
    const ready = () =>
      (table ??= pool
        .query(
          `CREATE TABLE IF NOT EXISTS ${TABLE} (
             sid varchar PRIMARY KEY, sess json NOT NULL, expire timestamp(6) NOT NULL);
           CREATE INDEX IF NOT EXISTS ${TABLE}_expire ON ${TABLE} (expire)`
        )
        .catch((error) => {
          table = undefined
          throw error
        }))
    ready().catch((error) => console.error(`[zoco] session store: ${error.message}`))

    class ZocoSessionStore extends PgStore {
      get(sid, fn) {
        ready().then(() => super.get(sid, fn), fn)
      }
      set(sid, sess, fn) {
        ready().then(() => super.set(sid, sess, fn), fn)
      }
      destroy(sid, fn) {
        ready().then(() => super.destroy(sid, fn), fn)
      }
      touch(sid, sess, fn) {
        ready().then(() => super.touch(sid, sess, fn), fn)
      }
    }
    return new ZocoSessionStore({ pool, tableName: TABLE, createTableIfMissing: false })
  }

  function sessionWithStore(options) {
    if (options && !options.store) {
      store ??= openStore()
      return session({ ...options, store })
    }
    return session(options)
  }
  // express-session's Store, MemoryStore, Session and Cookie, which stores extend.
  Object.assign(sessionWithStore, session)
  sessionWithStore[WRAPPED] = true
  require.cache[modulePath].exports = sessionWithStore
  return sessionWithStore
}

if (process.env.ZOCO_SESSION_STORE) {
  install(JSON.parse(process.env.ZOCO_SESSION_STORE))
}

module.exports = { install, TABLE }
