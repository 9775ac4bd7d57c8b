import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import serveStatic from "serve-static"
import { ephemeralSecrets, parseEnv } from "../lib/env"

type Serve = (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => void

let serve: Serve | null | undefined

/**
 * Serves `/static/*` from this process's uploads folder (ZOCO_UPLOADS_DIR). Medusa serves
 * `static/` of its working directory, which every process started from one checkout shares:
 * pointing it at one process's folder took the images away from the others. Medusa's own
 * folder comes first and, absent in a production build, lets every request through to this.
 */
function uploads(): Serve | null {
  if (serve === undefined) {
    // Only the folder is read here; secrets were checked when medusa-config.ts loaded.
    const dir = parseEnv(process.env, ephemeralSecrets).uploadsDir
    serve = dir ? (serveStatic(dir, { index: false, redirect: false }) as Serve) : null
  }
  return serve
}

export const staticUploadsMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/static",
    middlewares: [
      (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
        const handler = uploads()
        if (!handler || (req.method !== "GET" && req.method !== "HEAD")) return next()
        handler(req, res, next)
      },
    ],
  },
]
