import fs from "fs"
import path from "path"
import { z } from "@medusajs/framework/zod"
import { checkCatalogueReferences } from "./check-catalogue-references"
import { checkSetupReferences } from "./check-setup-references"
import { defaultSeedDataDir } from "./constants"
import { SEED_FILES, type SeedData } from "./seed-data"
import { formatPath, SeedDataError, type SeedIssue } from "./seed-issue"

function readJson(dataDir: string, file: string, issues: SeedIssue[]): unknown {
  const filePath = path.join(dataDir, file)
  let text: string
  try {
    text = fs.readFileSync(filePath, "utf8")
  } catch {
    issues.push({ file, path: "", message: `cannot read ${filePath}` })
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    issues.push({ file, path: "", message: `invalid JSON: ${reason}` })
    return undefined
  }
}

function parseFile<T>(
  dataDir: string,
  entry: { file: string; schema: z.ZodType<T> },
  issues: SeedIssue[]
): T | undefined {
  const raw = readJson(dataDir, entry.file, issues)
  if (raw === undefined) {
    return undefined
  }
  const result = entry.schema.safeParse(raw)
  if (!result.success) {
    for (const issue of result.error.issues) {
      issues.push({
        file: entry.file,
        path: formatPath(issue.path),
        message: issue.message,
      })
    }
    return undefined
  }
  return result.data
}

/**
 * Reads and validates every seed file. Shapes are checked first, file by
 * file; references between files (a product's category, a shipping option's
 * region…) only once every shape is right. Throws a `SeedDataError` listing
 * every problem found, so a bad catalogue never reaches the database.
 */
export function loadSeedData(dataDir: string = defaultSeedDataDir()): SeedData {
  const absoluteDir = path.resolve(dataDir)
  const issues: SeedIssue[] = []
  const store = parseFile(absoluteDir, SEED_FILES.store, issues)
  const regions = parseFile(absoluteDir, SEED_FILES.regions, issues)
  const tax = parseFile(absoluteDir, SEED_FILES.tax, issues)
  const locations = parseFile(absoluteDir, SEED_FILES.locations, issues)
  const shipping = parseFile(absoluteDir, SEED_FILES.shipping, issues)
  const categories = parseFile(absoluteDir, SEED_FILES.categories, issues)
  const collections = parseFile(absoluteDir, SEED_FILES.collections, issues)
  const products = parseFile(absoluteDir, SEED_FILES.products, issues)
  const promotions = parseFile(absoluteDir, SEED_FILES.promotions, issues)
  if (
    issues.length ||
    !store ||
    !regions ||
    !tax ||
    !locations ||
    !shipping ||
    !categories ||
    !collections ||
    !products ||
    !promotions
  ) {
    throw new SeedDataError(issues)
  }
  const data: SeedData = {
    dataDir: absoluteDir,
    store,
    regions,
    tax,
    locations,
    shipping,
    categories,
    collections,
    products,
    promotions,
  }
  const referenceIssues = [...checkSetupReferences(data), ...checkCatalogueReferences(data)]
  if (referenceIssues.length) {
    throw new SeedDataError(referenceIssues)
  }
  return data
}
