import { simpleParser, type ParsedMail } from "mailparser"
import type { AddressInfo } from "net"
import { SMTPServer, type SMTPServerEnvelope } from "smtp-server"

export type ReceivedMail = ParsedMail & { envelope: SMTPServerEnvelope; raw: string }

/** What the server answers to the next messages, in order; afterwards it accepts. */
export type Answer = "accept" | { code: number; message: string }

/**
 * A real SMTP server on localhost for tests: it speaks the protocol nodemailer speaks to any
 * relay (EHLO, AUTH PLAIN/LOGIN, MAIL FROM, RCPT TO, DATA), keeps every message it accepts,
 * parsed, and can refuse the next ones with a given reply code.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = []
  plan: Answer[] = []
  refusals = 0
  /** Recipients the server says it has no mailbox for (550 5.1.1 at RCPT TO). */
  readonly unknown = new Set<string>()
  /** The sender it refuses (553 at MAIL FROM), as a relay does for an address it may not use. */
  refusedSender: string | undefined
  private server: SMTPServer | undefined

  /** Starts listening (again, after `stop`, on the same `port` when given). Returns the SMTP URL. */
  async start(user = "shop", password = "smtp-password", port = 0): Promise<string> {
    this.server = new SMTPServer({
      // Plain SMTP on loopback: the tests read what crossed the wire.
      disabledCommands: ["STARTTLS"],
      authOptional: false,
      logger: false,
      onAuth: (auth, _session, callback) =>
        auth.username === user && auth.password === password
          ? callback(null, { user })
          : callback(new Error("Invalid username or password")),
      onMailFrom: (address, _session, callback) =>
        address.address === this.refusedSender
          ? callback(
              Object.assign(new Error("5.7.1 Sender address rejected: not owned by user"), {
                responseCode: 553,
              })
            )
          : callback(),
      onRcptTo: (address, _session, callback) =>
        this.unknown.has(address.address.toLowerCase())
          ? callback(Object.assign(new Error("5.1.1 No such user here"), { responseCode: 550 }))
          : callback(),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on("data", (chunk: Buffer) => chunks.push(chunk))
        stream.on("end", () => {
          const answer = this.plan.shift() ?? "accept"
          if (answer !== "accept") {
            this.refusals++
            const error = Object.assign(new Error(answer.message), { responseCode: answer.code })
            return callback(error)
          }
          const raw = Buffer.concat(chunks).toString("utf8")
          simpleParser(raw)
            .then((parsed) => {
              this.received.push(Object.assign(parsed, { envelope: session.envelope, raw }))
              callback()
            })
            .catch((error: Error) => callback(error))
        })
      },
    })
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve))
    const address = this.server.server.address() as AddressInfo
    return `smtp://${user}:${password}@127.0.0.1:${address.port}`
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** Mails to one address, in the order they arrived. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) =>
      m.envelope.rcptTo.some((r) => r.address.toLowerCase() === address.toLowerCase())
    )
  }

  /** Waits until `count` mails to `address` have arrived, and returns them. */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const started = Date.now()
    while (this.to(address).length < count) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `${count} mail(s) to ${address} expected, ${this.to(address).length} arrived within ${timeoutMs} ms`
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return this.to(address)
  }
}
