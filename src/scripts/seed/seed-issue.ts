import { MedusaError } from "@medusajs/framework/utils"

/** One problem in one seed file, located by the JSON path of the field. */
export type SeedIssue = {
  file: string
  /** e.g. `products[3].variants[1].prices[0].amount`; empty for the whole file. */
  path: string
  message: string
}

export type PathSegment = string | number

export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((out, segment) => {
    if (typeof segment === "number") {
      return `${out}[${segment}]`
    }
    const key = String(segment)
    if (/^[A-Za-z_$][\w$]*$/.test(key)) {
      return out ? `${out}.${key}` : key
    }
    return `${out}[${JSON.stringify(key)}]`
  }, "")
}

export function formatIssue(issue: SeedIssue): string {
  return issue.path
    ? `${issue.file}: ${issue.path}: ${issue.message}`
    : `${issue.file}: ${issue.message}`
}

/** Thrown before anything is written when the seed data is not usable. */
export class SeedDataError extends MedusaError {
  readonly issues: SeedIssue[]

  constructor(issues: SeedIssue[]) {
    const lines = issues.map((issue) => `  - ${formatIssue(issue)}`)
    super(
      MedusaError.Types.INVALID_DATA,
      `Seed data is invalid (${issues.length} problem(s)), nothing was written:\n${lines.join("\n")}`
    )
    this.name = "SeedDataError"
    this.issues = issues
  }
}

/** Collects issues for one file, so checks read as a list of rules. */
export class IssueCollector {
  readonly issues: SeedIssue[] = []

  report(file: string, path: readonly PathSegment[], message: string): void {
    this.issues.push({ file, path: formatPath(path), message })
  }
}

/** Reports every value that occurs more than once, at each repeat's path. */
export function reportDuplicates<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  report: (index: number, key: string) => void
): void {
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const key = keyOf(item)
    if (seen.has(key)) {
      report(index, key)
    }
    seen.add(key)
  })
}
