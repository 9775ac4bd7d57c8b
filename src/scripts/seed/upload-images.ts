import fs from "fs"
import path from "path"
import { MedusaError } from "@medusajs/framework/utils"
import { uploadFilesWorkflow } from "@medusajs/medusa/core-flows"
import { SEED_IMAGES_DIR } from "./constants"
import type { SeedContext } from "./seed-context"

const MIME_TYPES: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
}

/**
 * Uploads every product image through the File Module, so URLs come from the
 * configured provider (file-local serves them under /static, S3 from its
 * bucket). Returns URLs by the file name used in products.json.
 */
export async function uploadProductImages({
  container,
  data,
  logger,
}: SeedContext): Promise<Map<string, string>> {
  const fileNames = [...new Set(data.products.products.flatMap((product) => product.images))]
  const files = fileNames.map((fileName) => ({
    filename: fileName,
    mimeType: MIME_TYPES[path.extname(fileName)] ?? "application/octet-stream",
    content: fs.readFileSync(path.join(data.dataDir, SEED_IMAGES_DIR, fileName)).toString("base64"),
    access: "public" as const,
  }))
  const { result } = await uploadFilesWorkflow(container).run({
    input: { files },
  })
  if (result.length !== fileNames.length) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Seed: uploaded ${result.length} of ${fileNames.length} product images`
    )
  }
  logger.info(`Seed: uploaded ${result.length} product images.`)
  // Providers rename files on upload; the result keeps the input order.
  return new Map(fileNames.map((fileName, index) => [fileName, result[index].url] as const))
}
