/**
 * Run by a test in a process of its own (jest gives the modules it loads a console of their own):
 * opens a Redis client the way Medusa's modules open theirs, without an error listener, on a port
 * where no Redis answers, with or without a RedisWatch running, and reports what was logged and
 * counted. Arguments: the port, then "watched" or "unwatched".
 */
import Redis from "ioredis"
import { Counter, Gauge, Registry } from "prom-client"
import { RedisWatch } from "../modules/observability/redis-watch"

async function main() {
  const port = Number(process.argv[2])
  const registers = [new Registry()]
  const counter = (name: string) => new Counter({ name, help: "-", registers })
  const clientErrors = counter("client_errors")
  const client = new Redis(port, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 50,
  })
  client.on("error", () => undefined)
  const watch = new RedisWatch(
    client,
    {
      warn: (m: string) => console.log(`WARN ${m}`),
      info: (m: string) => console.log(`INFO ${m}`),
    },
    { ids: () => [], reschedule: async () => undefined },
    {
      up: new Gauge({ name: "up", help: "-", registers }),
      outages: counter("outages"),
      dataLosses: counter("losses"),
      clientErrors,
    },
    100
  )
  if (process.argv[3] === "watched") await watch.start()
  const medusaLike = new Redis(port, { retryStrategy: () => 20 })
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  console.log(`COUNTED ${(await clientErrors.get()).values[0]?.value ?? 0}`)
  watch.stop()
  medusaLike.disconnect()
  client.disconnect()
}

void main()
