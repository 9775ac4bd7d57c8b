import fs from "fs"
import os from "os"
import path from "path"
import { SeedDataError } from "../seed-issue"

export const REPO_DATA_DIR = path.resolve(__dirname, "../../../../data")

/**
 * Copies the real seed data into a fresh temp folder and applies `edit` to
 * one parsed JSON file, so each test breaks exactly one thing.
 */
export function copyDataWith<T>(file: string, edit: (json: T) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zoco-seed-"))
  fs.cpSync(REPO_DATA_DIR, dir, { recursive: true })
  const filePath = path.join(dir, file)
  const json: T = JSON.parse(fs.readFileSync(filePath, "utf8"))
  edit(json)
  fs.writeFileSync(filePath, JSON.stringify(json, null, 2))
  return dir
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}

/** Runs `load` and returns the SeedDataError it must throw. */
export function expectSeedDataError(load: () => unknown): SeedDataError {
  try {
    load()
  } catch (error) {
    if (error instanceof SeedDataError) {
      return error
    }
    throw error
  }
  throw new Error("expected the seed data to be rejected, but it loaded")
}
