import fc from "fast-check"

/** Strings that have broken web backends before: injections, traversal, NUL, bidi, size. */
export const payloads = fc.constantFrom(
  "' OR '1'='1",
  "1; DROP TABLE cart; --",
  "<script>alert(1)</script>",
  "${{7*7}}",
  "../../etc/passwd",
  "\u0000",
  "𝕫𝕠𝕔𝕠 ☃ \u202e",
  "a".repeat(10_000)
)

export const scalar = fc.oneof(
  payloads,
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 63, -1, 0, 0.5, Number.MAX_SAFE_INTEGER * 1000),
  fc.boolean(),
  fc.constant(null)
)

/** Any JSON value, a few levels deep. */
export const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 })
  ),
}))

/** Bodies with the fields the route expects, holding anything, plus unknown fields. */
export function bodies(fields: string[]) {
  return fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 })), value, {
      maxKeys: 6,
    }),
    value
  )
}

/** JSON nested `depth` levels deep, as text: too deep for JSON.stringify to build. */
export function deeplyNested(depth: number) {
  return '{"a":['.repeat(depth) + '"bottom"' + "]}".repeat(depth)
}

/** Query strings with the parameter names list endpoints take, and others, holding anything. */
export const queryStrings = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("limit", "offset", "fields", "order", "q", "region_id", "id", "handle"),
        fc.string({ maxLength: 10 })
      ),
      fc.oneof(payloads, fc.string({ maxLength: 30 }), fc.integer().map(String))
    ),
    { maxLength: 5 }
  )
  .map((pairs) => new URLSearchParams(pairs).toString())
