import { spawn, spawnSync, type ChildProcess } from "child_process"
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import { testPort } from "./ports"
import { eventually } from "./wait"

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find(existsSync)

/** Debian's nginx, when it is installed (`.ci/run` installs it). */
export const hasNginx = Boolean(NGINX && spawnSync(NGINX, ["-v"]).status === 0)

export type CachingProxy = { url: string; stop: () => Promise<void> }

/**
 * nginx with `proxy_cache` in front of `upstream`, as a CDN or shared cache would sit in front of
 * Zoco: it keeps what `Cache-Control` lets shared caches keep (`s-maxage`), keyed on the URL
 * alone, and tells variants apart only by the response's `Vary`. Each answer says in
 * `x-proxy-cache` whether the proxy served it from its cache (`HIT`) or asked Zoco (`MISS`).
 */
export async function startCachingProxy(upstream: string): Promise<CachingProxy> {
  if (!NGINX) throw new Error("nginx is not installed")
  const dir = mkdtempSync(path.join(os.tmpdir(), "zoco-nginx-"))
  for (const sub of ["cache", "temp"]) mkdirSync(path.join(dir, sub))
  const port = await testPort()
  const target = new URL(upstream)
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  proxy_cache_path ${dir}/cache keys_zone=zoco:1m;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${target.host};
      proxy_http_version 1.1;
      proxy_cache zoco;
      add_header x-proxy-cache $upstream_cache_status always;
    }
  }
}
`
  )
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  })
  let stderr = ""
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()))
  const url = `http://127.0.0.1:${port}`
  await eventually(
    "nginx to listen",
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`)
      return fetch(`${url}/health`)
        .then(() => true)
        .catch(() => undefined)
    },
    20_000,
    100
  )
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const closed = new Promise((resolve) => child.once("close", resolve))
        child.kill("SIGTERM")
        await closed
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
