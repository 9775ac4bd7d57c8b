import { existsSync, readdirSync, readFileSync } from "fs"
import Handlebars from "handlebars"
import mjml2html from "mjml"
import path from "path"

/** The mails Zoco sends, each a subject, an MJML body and a plain-text body in `templates/`. */
export const MAIL_TEMPLATES = [
  "order-placed",
  "order-canceled",
  "shipment-created",
  "refund-issued",
  "customer-welcome",
  "customer-password-reset",
  "user-password-reset",
  "user-invite",
] as const
export type MailTemplate = (typeof MAIL_TEMPLATES)[number]

export type RenderedMail = { subject: string; html: string; text: string }

/** A template file the renderer could not find or use; names the file at fault. */
export class TemplateError extends Error {}

/**
 * A header value as one plain line: a name or subject holding CR or LF (typed into a form by
 * anyone) must never start a header of its own.
 */
export function headerSafe(value: string, max = 250): string {
  const line = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

type Decimal = number | string | { value?: unknown; numeric?: unknown } | null | undefined

/** A money amount as its decimal string: Medusa hands totals as numbers, raw ones as objects. */
function decimalString(amount: Decimal): string {
  if (amount === null || amount === undefined) return "0"
  if (typeof amount === "object") return decimalString((amount.value ?? amount.numeric) as Decimal)
  return String(amount)
}

/**
 * An amount in major units (as Medusa keeps them) in the currency's own format for the locale:
 * "€1,234.50", "1.234,50 €", "￥1,500". The decimal string is formatted as it is, not through a
 * float, and the currency decides the digits (none for JPY, three for KWD).
 */
export function formatMoney(amount: Decimal, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
  })
  // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3); typed for numbers only.
  return format.format(decimalString(amount) as unknown as number)
}

export function formatDate(value: string | Date | null | undefined, locale: string): string {
  if (!value) return ""
  const date = new Date(value)
  return Number.isNaN(date.getTime())
    ? ""
    : new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(date)
}

/** The folder of the templates this package ships, found from here in the sources or the build. */
function packagedTemplatesDir(): string {
  let dir = __dirname
  for (;;) {
    const candidate = path.join(dir, "templates", "order-placed.mjml")
    if (existsSync(candidate)) return path.join(dir, "templates")
    const parent = path.dirname(dir)
    if (parent === dir) throw new TemplateError("the package's own templates/ folder is missing")
    dir = parent
  }
}

export type RendererOptions = {
  /** A folder whose files replace the packaged ones of the same name. */
  templatesDir?: string
  /** Locale for money and dates when a mail's data names none. */
  locale: string
}

/**
 * Renders the mails: Handlebars fills the template (HTML-escaping every value in the HTML body),
 * then MJML turns the body into HTML that mail clients display alike. A file in `templatesDir`
 * replaces the packaged file of the same name; partials (`partials/*.mjml`, `*.hbs`) too.
 */
export class MailRenderer {
  private readonly dirs: string[]
  private readonly hb = Handlebars.create()
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>()

  constructor(private readonly options: RendererOptions) {
    this.dirs = [options.templatesDir, packagedTemplatesDir()].filter((d): d is string => !!d)
    const locale = (context: Handlebars.HelperOptions) =>
      String((context.data?.root as { locale?: string })?.locale ?? options.locale)
    this.hb.registerHelper("money", (amount: Decimal, currency: string, context) =>
      currency ? formatMoney(amount, currency, locale(context)) : ""
    )
    this.hb.registerHelper("date", (value: string, context) => formatDate(value, locale(context)))
    for (const dir of [...this.dirs].reverse()) {
      const partials = path.join(dir, "partials")
      if (!existsSync(partials)) continue
      for (const file of readdirSync(partials).filter((f) => /\.(mjml|hbs)$/.test(f))) {
        const name = file.replace(/\.(mjml|hbs)$/, "")
        this.hb.registerPartial(name, readFileSync(path.join(partials, file), "utf8"))
      }
    }
  }

  private file(name: string): string {
    for (const dir of this.dirs) {
      const file = path.join(dir, name)
      if (existsSync(file)) return file
    }
    throw new TemplateError(`no template file ${name} in ${this.dirs.join(" or ")}`)
  }

  private template(name: string, escape: boolean) {
    const file = this.file(name)
    let template = this.compiled.get(file)
    if (!template) {
      template = this.hb.compile(readFileSync(file, "utf8"), { noEscape: !escape, strict: false })
      this.compiled.set(file, template)
    }
    return template
  }

  /** Subject, HTML and plain text of one mail. */
  async render(name: string, data: Record<string, unknown>): Promise<RenderedMail> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new TemplateError(`not a template name: ${name}`)
    const context = { locale: this.options.locale, ...data }
    const subject = headerSafe(this.template(`${name}.subject.hbs`, false)(context))
    const source = this.template(`${name}.mjml`, true)(context)
    const { html, errors } = await mjml2html(source, { validationLevel: "soft" })
    if (!html) {
      throw new TemplateError(
        `${name}.mjml did not render: ${errors.map((e) => e.formattedMessage).join("; ")}`
      )
    }
    const text = this.template(
      `${name}.txt.hbs`,
      false
    )(context)
      .replace(/\n{3,}/g, "\n\n")
      .trim()
    return { subject, html, text: `${text}\n` }
  }
}
