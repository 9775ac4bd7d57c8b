import type { Logger } from "@medusajs/framework/types"
import { requestContext } from "../api/observe"
import { createRequestLogger, redact } from "../logger"

function recordingLogger(enabled: (level: string) => boolean = () => true) {
  const lines: { level: string; message: unknown; error?: unknown }[] = []
  const record = (level: string) => (message: unknown, error?: unknown) => {
    lines.push({ level, message, error })
  }
  const base = {
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    debug: record("debug"),
    http: record("http"),
    verbose: record("verbose"),
    silly: record("silly"),
    panic: record("panic"),
    activity: () => "activity-1",
    shouldLog: enabled,
  } as unknown as Logger
  return { base, lines }
}

describe("redact", () => {
  it.each([
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGci"],
    ["stripe key sk_live_51HxYzAbCdEf in use", "51HxYzAbCdEf"],
    ["webhook whsec_abc123DEF", "abc123DEF"],
    ['body {"email":"a@b.c","password":"hunter2!"}', "hunter2"],
    ["GET /reset?token=9f8e7d6c&x=1", "9f8e7d6c"],
    ["client_secret=pi_123_secret_456", "pi_123_secret_456"],
    ["card 4242 4242 4242 4242 declined", "4242 4242 4242 4242"],
    ["card 4000-0566-5566-5556", "4000-0566-5566-5556"],
  ])("masks %s", (line, secret) => {
    expect(redact(line)).not.toContain(secret)
  })

  it("leaves ordinary numbers and ids alone", () => {
    const line = "order order_01JABC total 1234567890123 items 3 (not a card: fails Luhn)"
    expect(redact(line)).toBe(line)
    expect(redact("GET /store/products/:id 200 12.4 ms")).toBe(
      "GET /store/products/:id 200 12.4 ms"
    )
  })
})

describe("createRequestLogger", () => {
  it("appends the id of the request a line is written for, across awaits", async () => {
    const { base, lines } = recordingLogger()
    const logger = createRequestLogger(base)
    logger.info("outside")
    await requestContext().run({ requestId: "req-1" }, async () => {
      await new Promise((r) => setTimeout(r, 5))
      logger.warn("inside")
      logger.info("already tagged request_id=req-1")
    })
    expect(lines.map((l) => l.message)).toEqual([
      "outside",
      "inside request_id=req-1",
      "already tagged request_id=req-1",
    ])
  })

  it("masks secrets in messages and in logged errors, without touching the error", () => {
    const { base, lines } = recordingLogger()
    const logger = createRequestLogger(base)
    const error = new Error("login failed for password=hunter2")
    logger.error(error)
    logger.error("charge failed with sk_test_abc", error)
    expect(String((lines[0].message as Error).message)).toBe("login failed for password=[redacted]")
    expect((lines[0].message as Error).stack).not.toContain("hunter2")
    expect(lines[1].message).toBe("charge failed with sk_test_[redacted]")
    expect(error.message).toBe("login failed for password=hunter2")
  })

  it("drops lines below the configured level before masking them, and keeps errors", () => {
    const { base, lines } = recordingLogger((level) => level === "error" || level === "warn")
    const logger = createRequestLogger(base)
    logger.info("GET /store/products 200 1.0 ms")
    logger.debug("token sk_test_abc")
    logger.warn("slow")
    logger.error("failed")
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ["warn", "slow"],
      ["error", "failed"],
    ])
  })

  it("keeps Medusa's other logger methods", () => {
    const { base } = recordingLogger()
    const logger = createRequestLogger(base)
    expect(logger.activity("building")).toBe("activity-1")
    expect(logger.shouldLog("info")).toBe(true)
  })
})
