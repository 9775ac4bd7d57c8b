import { existsSync } from "fs"
import os from "os"
import path from "path"
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core"

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]

export function findChromium(): string | undefined {
  return CANDIDATES.find((p): p is string => Boolean(p && existsSync(p)))
}

type AdminLogin = { adminUrl: string; email: string; password: string }

/** What a browser keeps between visits: its cookies and local storage. */
export type BrowserState = Awaited<ReturnType<BrowserContext["storageState"]>>

/** Runs `steps` in a fresh page of Debian's Chromium, signed in to nothing (or with `state`). */
async function inBrowser<T>(steps: (page: Page) => Promise<T>, state?: BrowserState): Promise<T> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      storageState: state,
      // The tests' own OpenID provider serves https with a certificate of its own.
      ignoreHTTPSErrors: true,
    })
    return await steps(await context.newPage())
  } finally {
    // playwright gives the browser a fresh temporary profile and removes it.
    await browser.close()
  }
}

/** Signs in on the dashboard's login page, as a person would, and waits to be let in. */
async function signIn(page: Page, login: AdminLogin) {
  await page.goto(`${login.adminUrl}/login`, { waitUntil: "domcontentloaded" })
  await page.locator('input[name="email"]').fill(login.email)
  await page.locator('input[name="password"]').fill(login.password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
}

/** Runs `steps` in Debian's Chromium, logged into the admin dashboard as a merchant would be. */
async function asMerchant<T>(banner: AdminLogin, steps: (page: Page) => Promise<T>): Promise<T> {
  return inBrowser(async (page) => {
    await signIn(page, banner)
    return steps(page)
  })
}

/** Signs in to the dashboard; returns what the browser keeps (the session cookie). */
export async function merchantSignsIn(banner: AdminLogin): Promise<BrowserState> {
  return asMerchant(banner, async (page) => {
    await page.goto(`${banner.adminUrl}/orders`, { waitUntil: "domcontentloaded" })
    await page.getByRole("heading", { name: "Orders" }).first().waitFor({ timeout: 60_000 })
    return page.context().storageState()
  })
}

/**
 * A staff member presses "Sign in with <name>" on the dashboard's login page; the identity
 * provider (which signs them in by itself) sends them back. Where they end: the dashboard's
 * page and heading, or the login page's error.
 */
export async function staffSignsInWithSso(
  adminUrl: string,
  name: string
): Promise<{ path: string; heading?: string; error?: string }> {
  return inBrowser(async (page) => {
    const admin = new URL(adminUrl)
    await page.goto(`${adminUrl}/login`, { waitUntil: "domcontentloaded" })
    await page.getByRole("button", { name: `Sign in with ${name}` }).click({ timeout: 60_000 })
    const outcome = await Promise.race([
      page
        .waitForURL((url) => url.origin === admin.origin && !url.pathname.includes("/login"), {
          timeout: 60_000,
        })
        .then(() => "in" as const),
      page
        .getByText(/no admin user of this shop|Authentication failed|Try again/)
        .first()
        .waitFor({ timeout: 60_000 })
        .then(() => "refused" as const),
    ])
    if (outcome === "refused") {
      const text = await page.locator('[data-testid="sso-sign-in"]').innerText()
      return { path: new URL(page.url()).pathname, error: text.split("\n")[0] }
    }
    const heading = page.getByRole("heading", { name: "Orders" }).first()
    await heading.waitFor({ timeout: 60_000 })
    return { path: new URL(page.url()).pathname, heading: (await heading.innerText()).trim() }
  })
}

/**
 * The merchant comes back to the orders page in a browser that kept `state`: where the dashboard
 * lets them in (its path), and the page's first heading.
 */
export async function merchantComesBack(banner: AdminLogin, state: BrowserState) {
  return inBrowser(async (page) => {
    await page.goto(`${banner.adminUrl}/orders`, { waitUntil: "domcontentloaded" })
    const settled = page.getByRole("heading", { name: /^(Orders|Welcome to Medusa)$/ }).first()
    await settled.waitFor({ timeout: 60_000 })
    return { path: new URL(page.url()).pathname, heading: await settled.innerText() }
  }, state)
}

/**
 * Each of Zoco's pages with its list request answering 500: the message the page shows, and
 * whether it shows its content once the API answers again and the merchant clicks "Try again".
 */
export async function merchantSeesFailures(
  banner: AdminLogin,
  pages: { path: string; api: RegExp; message: string }[]
) {
  return asMerchant(banner, async (page) => {
    const seen: { path: string; shown: string; recovered: boolean }[] = []
    for (const { path: route, api, message } of pages) {
      await page.route(api, (request) =>
        request.fulfill({
          status: 500,
          contentType: "application/json",
          body: JSON.stringify({ type: "unknown_error", message }),
        })
      )
      await page.goto(`${banner.adminUrl}${route}`, { waitUntil: "domcontentloaded" })
      const alert = page.getByText(/could not be loaded/).first()
      await alert.waitFor({ timeout: 60_000 })
      const shown = await alert.innerText()
      await page.unroute(api)
      await page.getByRole("button", { name: "Try again" }).first().click()
      await alert.waitFor({ state: "detached", timeout: 30_000 })
      seen.push({ path: route, shown, recovered: true })
    }
    return seen
  })
}

/**
 * The merchant opens each Zoco page while its API is slow and then has nothing to show: whether
 * the page showed its loading placeholder first, and the text it shows once the (empty) answer
 * came. `empty` is the answer the page gets, in the API's own shape.
 */
export async function merchantSeesLoadingAndEmpty(
  banner: AdminLogin,
  pages: { path: string; api: RegExp; empty: object; says: string }[]
) {
  return asMerchant(banner, async (page) => {
    const seen: { path: string; loading: boolean; empty: string }[] = []
    for (const { path: route, api, empty, says } of pages) {
      await page.route(api, async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 2_000))
        await request.fulfill({ json: empty }).catch(() => undefined)
      })
      await page.goto(`${banner.adminUrl}${route}`, { waitUntil: "domcontentloaded" })
      const loading = await page
        .locator('[aria-busy="true"]')
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false)
      const shown = page.getByText(says, { exact: false }).first()
      await shown.waitFor({ timeout: 30_000 })
      seen.push({ path: route, loading, empty: await shown.innerText() })
      await page.unroute(api)
    }
    return seen
  })
}

/**
 * The merchant opens Settings › Zoco: the health and store cache sections as shown, then empties
 * the store cache through its confirmation, then changes the review and webhook rules (a bad value
 * first), saves each and reloads the page. Returns what each step showed.
 */
export async function merchantUsesZocoSettings(banner: AdminLogin) {
  return asMerchant(banner, async (page) => {
    // A link to the old address lands on the page, not on a 404.
    await page.goto(`${banner.adminUrl}/store-cache`, { waitUntil: "domcontentloaded" })
    await page.waitForURL(/\/settings\/zoco$/, { timeout: 60_000 })
    const health = page.locator('[data-section="health"]')
    const cache = page.locator('[data-section="store-cache"]')
    await health.locator('[data-row="PostgreSQL"]').waitFor({ timeout: 60_000 })
    await cache.locator('[data-row="Hit rate"]').waitFor({ timeout: 60_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-settings.png") })
    const breadcrumb = await page.locator("ol li", { hasText: "Zoco" }).first().innerText()
    const healthText = await health.innerText()
    const cacheText = await cache.innerText()
    await cache.getByRole("button", { name: "Empty cache" }).click()
    const confirm = page.getByRole("alertdialog")
    await confirm.getByText("Empty the store cache?").waitFor({ timeout: 30_000 })
    await confirm.getByRole("button", { name: "Empty" }).click()
    const toast = page.getByText("The store cache was emptied")
    await toast.waitFor({ timeout: 30_000 })
    const cacheToast = await toast.innerText()

    const reviews = page.locator('[data-section="review-rules"]')
    const hooks = page.locator('[data-section="webhook-rules"]')
    await reviews.locator('[data-rule="rate_limit"]').waitFor({ timeout: 30_000 })
    await hooks.locator('[data-rule="max_attempts"]').waitFor({ timeout: 30_000 })
    const rulesBefore = { reviews: await reviews.innerText(), webhooks: await hooks.innerText() }

    await reviews.locator("#auto_approve_verified").click()
    await reviews.getByLabel("Reviews", { exact: true }).fill("2")
    await reviews.getByLabel("Minutes", { exact: true }).fill("10")
    await reviews.getByRole("button", { name: "Save" }).click()
    const reviewsSaved = page.getByText("Review rules saved", { exact: false })
    await reviewsSaved.waitFor({ timeout: 30_000 })
    const reviewsToast = await reviewsSaved.innerText()
    await reviews
      .getByText("Changed here. Server configuration: wait for approval")
      .waitFor({ timeout: 30_000 })

    // Out of range: marked, and nothing can be saved.
    await hooks.locator("#max_attempts").fill("0")
    const badAttempts = {
      invalid: await hooks.locator("#max_attempts").getAttribute("aria-invalid"),
      saveEnabled: await hooks.getByRole("button", { name: "Save" }).isEnabled(),
    }
    await hooks.locator("#max_attempts").fill("3")
    await hooks.locator("#pause_after_hours").fill("6")
    await hooks.getByRole("button", { name: "Save" }).click()
    await page.getByText("Webhook rules saved", { exact: false }).waitFor({ timeout: 30_000 })

    await page.reload({ waitUntil: "domcontentloaded" })
    await hooks.locator('[data-rule="max_attempts"]').waitFor({ timeout: 60_000 })
    await reviews.locator('[data-rule="rate_limit"]').waitFor({ timeout: 60_000 })
    const afterReload = {
      autoApprove: await reviews.locator("#auto_approve_verified").getAttribute("aria-checked"),
      reviews: await reviews.getByLabel("Reviews", { exact: true }).inputValue(),
      minutes: await reviews.getByLabel("Minutes", { exact: true }).inputValue(),
      attempts: await hooks.locator("#max_attempts").inputValue(),
      hours: await hooks.locator("#pause_after_hours").inputValue(),
      webhooksText: await hooks.innerText(),
    }
    return {
      breadcrumb,
      healthText,
      cacheText,
      toast: cacheToast,
      rulesBefore,
      reviewsToast,
      badAttempts,
      afterReload,
    }
  })
}

/**
 * The merchant opens the Mailbox, finds the newest mail to `to` and opens it: the row's text, the
 * drawer's text and the text of the mail's HTML as its frame shows it.
 */
export async function merchantReadsMailbox(banner: AdminLogin, to: string) {
  return asMerchant(banner, async (page) => {
    await page.goto(`${banner.adminUrl}/mailbox`, { waitUntil: "domcontentloaded" })
    const row = page.locator("tr[data-mail-id]", { hasText: to }).first()
    await row.waitFor({ timeout: 60_000 })
    const rowText = await row.innerText()
    await row.click()
    const frame = page.frameLocator('iframe[title="Mail"]')
    await frame.locator("body").getByText(/Total/).first().waitFor({ timeout: 30_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-mailbox.png") })
    return {
      rowText,
      drawerText: await page.getByRole("dialog").innerText(),
      mailText: await frame.locator("body").innerText(),
    }
  })
}

/**
 * A person invited by mail opens the invitation link, creates their account on the dashboard's
 * invite page, then signs in with it. Returns the path the dashboard shows after signing in.
 */
export async function staffAcceptsInvite(
  inviteUrl: string,
  person: AdminLogin & { firstName: string; lastName: string }
) {
  return inBrowser(async (page) => {
    await page.goto(inviteUrl, { waitUntil: "domcontentloaded" })
    await page.locator('input[name="first_name"]').fill(person.firstName)
    await page.locator('input[name="last_name"]').fill(person.lastName)
    const email = page.locator('input[name="email"]')
    if ((await email.inputValue()) === "") await email.fill(person.email)
    await page.locator('input[name="password"]').fill(person.password)
    await page.locator('input[name="repeat_password"]').fill(person.password)
    await page.locator('button[type="submit"]').click()
    await page.getByText("Your account has been registered").waitFor({ timeout: 60_000 })
    await signIn(page, person)
    return new URL(page.url()).pathname
  })
}

/**
 * A staff member who forgot their password asks for a reset on the dashboard's reset page, opens
 * the link `mailedLink` returns (once the mail is there), chooses `newPassword`, and signs in with
 * it. Returns what the reset page said after the request, and the path shown after signing in.
 */
export async function staffResetsPassword(
  login: AdminLogin,
  newPassword: string,
  mailedLink: () => Promise<string>
) {
  return inBrowser(async (page) => {
    await page.goto(`${login.adminUrl}/reset-password`, { waitUntil: "domcontentloaded" })
    await page.locator('input[name="email"]').fill(login.email)
    await page.locator('button[type="submit"]').click()
    await page.getByText("Successfully sent you an email").waitFor({ timeout: 30_000 })
    const answer = await page.locator("body").innerText()
    await page.goto(await mailedLink(), { waitUntil: "domcontentloaded" })
    await page.locator('input[name="password"]').fill(newPassword)
    await page.locator('input[name="repeat_password"]').fill(newPassword)
    await page.locator('button[type="submit"]').click()
    await page.getByText("Password reset successful").waitFor({ timeout: 30_000 })
    await signIn(page, { ...login, password: newPassword })
    return { answer, after: new URL(page.url()).pathname }
  })
}

/** Logs into the admin and returns the rows shown on the products page. */
export async function adminSeesSeededProducts(banner: AdminLogin): Promise<string[]> {
  return asMerchant(banner, async (page) => {
    await page.goto(`${banner.adminUrl}/products`, { waitUntil: "domcontentloaded" })
    const rows = page.locator("table tbody tr")
    await rows.first().waitFor({ timeout: 60_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-products.png") })
    return await rows.allInnerTexts()
  })
}

/** What the product page's reviews widget says. */
export type WidgetReading = { average: string; count: string; text: string }

async function readReviewsWidget(page: Page, adminUrl: string, productId: string) {
  await page.goto(`${adminUrl}/products/${productId}`, { waitUntil: "domcontentloaded" })
  const widget = page.getByTestId("product-reviews-widget")
  await widget
    .getByText(/No reviews yet|·/)
    .first()
    .waitFor({ timeout: 60_000 })
  return {
    average: (await widget.getByTestId("rating-average").innerText()).trim(),
    count: (await widget.getByTestId("rating-count").innerText()).trim(),
    text: await widget.innerText(),
  }
}

/**
 * The merchant's moderation, in the dashboard: reads the product's reviews widget, approves the
 * review titled `title` on the Reviews page, and reads the widget again. Screenshots of the page
 * and the widget go to the temporary directory.
 */
export async function merchantApprovesReview(
  banner: AdminLogin,
  review: { productId: string; title: string; reply: string }
): Promise<{
  before: WidgetReading
  after: WidgetReading
  statusShown: string
  replyPanel: boolean
  fromBell: { notification: string; path: string; rows: number; showAll: number }
}> {
  return asMerchant(banner, async (page) => {
    const before = await readReviewsWidget(page, banner.adminUrl, review.productId)

    // The bell's notification of the review opens it on the Reviews page.
    await page.locator('div.border-b.p-3 button[aria-haspopup="dialog"]').last().click()
    const drawer = page.getByRole("dialog")
    await drawer.getByRole("heading", { name: "Notifications" }).waitFor({ timeout: 30_000 })
    const entry = drawer.locator("div.border-b", { hasText: review.title }).last()
    await entry.waitFor({ timeout: 30_000 })
    const notification = await entry.innerText()
    await entry.locator("a[download]").click()
    await page.waitForURL(/\/reviews\?id=prev_/, { timeout: 30_000 })
    await drawer.waitFor({ state: "detached", timeout: 30_000 })
    const row = page.locator("table tbody tr", { hasText: review.title })
    await row.waitFor({ timeout: 60_000 })
    const fromBell = {
      notification,
      path: new URL(page.url()).pathname,
      rows: await page.locator("table tbody tr").count(),
      showAll: await page.getByRole("button", { name: "Showing one review · show all" }).count(),
    }
    await row.getByRole("checkbox").click()
    await page.getByRole("button", { name: "Approve", exact: true }).click()
    await row.getByText("Approved", { exact: true }).waitFor({ timeout: 30_000 })
    const statusShown = (await row.innerText()).includes("Approved") ? "Approved" : "?"

    // A public reply, written in a side panel.
    await row.getByRole("checkbox").click()
    await page.getByRole("button", { name: "Reply", exact: true }).click()
    const panel = page.getByRole("dialog")
    await panel.getByLabel("Public reply").fill(review.reply)
    const [box, viewport] = [await panel.boundingBox(), page.viewportSize()]
    const replyPanel = box && viewport ? box.width < viewport.width / 2 : false
    await panel.getByRole("button", { name: "Publish reply" }).click()
    await panel.waitFor({ state: "detached", timeout: 30_000 })
    await row.getByText(`Your reply: ${review.reply}`).waitFor({ timeout: 30_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-reviews.png") })

    const after = await readReviewsWidget(page, banner.adminUrl, review.productId)
    await page
      .getByTestId("product-reviews-widget")
      .screenshot({ path: path.join(os.tmpdir(), "zoco-admin-review-widget.png") })
    return { before, after, statusShown, replyPanel, fromBell }
  })
}

/**
 * The merchant adds a webhook endpoint on the Webhooks page, reads the secret shown once, sends a
 * test event, opens the delivery log, then edits the endpoint: a 20 s timeout and one more event.
 * Returns what the page showed.
 */
export async function merchantAddsWebhook(
  banner: AdminLogin,
  endpointUrl: string
): Promise<{
  breadcrumb: string
  secretDialog: {
    text: string
    secret: string
    fits: boolean
    doneIsDanger: boolean
    copy: number
    formClosed: boolean
  }
  rowText: string
  logText: string
  payload: string
  paging: { before: string; after: string }
  rotate: { canceledShowsSecret: boolean; prompt: string; secret: string }
  editedText: string
}> {
  return asMerchant(banner, async (page) => {
    await page.goto(`${banner.adminUrl}/webhooks`, { waitUntil: "domcontentloaded" })
    const breadcrumb = page.locator("ol li", { hasText: "Webhooks" }).first()
    await breadcrumb.waitFor({ timeout: 30_000 })
    // The form opens on demand, as Medusa's "Create" buttons do.
    await page.getByRole("button", { name: "Add endpoint" }).click()
    await page.locator("#webhook-url").fill(endpointUrl)
    await page.getByRole("button", { name: "Create", exact: true }).click()
    const dialog = page.getByRole("alertdialog")
    const code = dialog.locator("[data-secret]")
    await code.waitFor({ timeout: 30_000 })
    const formClosed = (await page.locator("#webhook-url").count()) === 0
    const [dialogBox, codeBox] = [await dialog.boundingBox(), await code.boundingBox()]
    const done = dialog.getByRole("button", { name: "Done" })
    const secretDialog = {
      text: await dialog.innerText(),
      secret: await code.innerText(),
      // The whole secret is inside the dialog, not running past its edge.
      fits:
        !!dialogBox &&
        !!codeBox &&
        codeBox.x >= dialogBox.x &&
        codeBox.x + codeBox.width <= dialogBox.x + dialogBox.width,
      doneIsDanger: /danger/.test((await done.getAttribute("class")) ?? ""),
      copy: await dialog.getByRole("button", { name: "Copy code snippet" }).count(),
      formClosed,
    }
    await done.click()
    await dialog.waitFor({ state: "detached", timeout: 30_000 })

    const row = page.locator("[data-webhook-id]", { hasText: endpointUrl })
    await row.waitFor({ timeout: 30_000 })
    await row.getByRole("button", { name: "Send test" }).click()
    const delivery = row.locator("[data-delivery-id]", { hasText: "ping" }).first()
    await delivery.waitFor({ timeout: 30_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-webhooks.png") })
    const rowText = await row.innerText()
    const logText = await delivery.innerText()

    await delivery.getByRole("button", { name: "Payload" }).click()
    const drawer = page.getByRole("dialog")
    const json = drawer.locator("[data-payload]")
    await json.waitFor({ timeout: 30_000 })
    const payload = await json.innerText()
    await page.keyboard.press("Escape")
    await drawer.waitFor({ state: "detached", timeout: 30_000 })

    // Ten more tests: the log shows ten at a time and pages to the rest.
    for (let sent = 2; sent <= 11; sent++) {
      await row.getByRole("button", { name: "Send test" }).click()
      await row.getByText(new RegExp(`of ${sent} results`)).waitFor({ timeout: 30_000 })
    }
    const shown = async (range: string, rows: number) => {
      await row.getByText(range).waitFor({ timeout: 30_000 })
      // The page on screen stays until the next one has loaded.
      await row
        .locator("[data-delivery-id]")
        .nth(rows)
        .waitFor({ state: "detached", timeout: 30_000 })
      return `${await row.locator("[data-delivery-id]").count()} rows, ${range}`
    }
    const before = await shown("10 of 11 results", 10)
    await row.getByRole("button", { name: "Next" }).click()
    const after = await shown("11 of 11 results", 1)

    // Rotating asks first; cancelling changes nothing.
    await row.getByRole("button", { name: "Rotate secret" }).click()
    const confirm = page.getByRole("alertdialog")
    await confirm.getByText("Rotate the signing secret?").waitFor({ timeout: 30_000 })
    const prompt = await confirm.innerText()
    await confirm.getByRole("button", { name: "Cancel" }).click()
    await confirm.waitFor({ state: "detached", timeout: 30_000 })
    const canceledShowsSecret = (await page.locator("[data-secret]").count()) > 0
    await row.getByRole("button", { name: "Rotate secret" }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Rotate" }).click()
    const rotated = page.getByRole("alertdialog").locator("[data-secret]")
    await rotated.waitFor({ timeout: 30_000 })
    const rotate = { canceledShowsSecret, prompt, secret: await rotated.innerText() }
    await page.getByRole("alertdialog").getByRole("button", { name: "Done" }).click()

    await row.getByRole("button", { name: "Edit" }).click()
    const form = row.locator("form")
    await form.getByLabel("Timeout (s)").fill("20")
    await form.getByRole("checkbox", { name: "customer.created" }).click()
    await form.getByRole("button", { name: "Save" }).click()
    await form.waitFor({ state: "detached", timeout: 30_000 })
    await row.getByText("20 s timeout").waitFor({ timeout: 30_000 })
    return {
      breadcrumb: await breadcrumb.innerText(),
      secretDialog,
      rowText,
      logText,
      payload,
      paging: { before, after },
      rotate,
      editedText: await row.innerText(),
    }
  })
}

/** The order page's "Payment gateway" card, once it has loaded. */
async function gatewayCard(page: Page, adminUrl: string, orderId: string) {
  await page.goto(`${adminUrl}/orders/${orderId}`, { waitUntil: "domcontentloaded" })
  const card = page.getByTestId("payment-reconciliation-widget")
  await card.getByTestId("reconciliation-totals").waitFor({ timeout: 60_000 })
  return card
}

/**
 * The merchant's money moves on an order paid with PayPal, in the dashboard: captures `part` on
 * the order page's "Payment gateway" card, then the rest as the card proposes it; refunds each of
 * `refunds` in Medusa's own refund drawer. Returns what the card said after each step.
 */
export async function merchantCapturesInPartsAndRefunds(
  banner: AdminLogin,
  order: { id: string; paymentId: string; total: string; currency: string },
  amounts: { part: string; refunds: string[] }
): Promise<{ afterPart: string; proposedRest: string; afterRest: string; afterRefunds: string }> {
  return asMerchant(banner, async (page) => {
    const code = order.currency.toUpperCase()
    const totals = (card: Locator, text: string) =>
      card
        .getByTestId("reconciliation-totals")
        .filter({ hasText: text })
        .waitFor({ timeout: 30_000 })

    let card = await gatewayCard(page, banner.adminUrl, order.id)
    await card.getByLabel(/Amount to capture/).fill(amounts.part)
    await card.getByRole("button", { name: "Capture" }).click()
    await totals(card, `Captured ${amounts.part} ${code} (gateway ${amounts.part})`)
    const afterPart = await card.innerText()

    // The form comes back, proposing what is left.
    const proposedRest = await card.getByLabel(/Amount to capture/).inputValue()
    await card.getByRole("button", { name: "Capture" }).click()
    await totals(card, `Captured ${order.total} ${code} (gateway ${order.total})`)
    await card.getByLabel(/Amount to capture/).waitFor({ state: "detached", timeout: 30_000 })
    const afterRest = await card.innerText()

    for (const value of amounts.refunds) {
      await page.goto(`${banner.adminUrl}/orders/${order.id}/refund?paymentId=${order.paymentId}`, {
        waitUntil: "domcontentloaded",
      })
      const input = page.locator('input[name="amount"]')
      await input.waitFor({ timeout: 60_000 })
      await input.fill(value)
      await page.getByRole("button", { name: "Save" }).click()
      // The drawer closes once Medusa has answered.
      await input.waitFor({ state: "detached", timeout: 30_000 })
    }
    card = await gatewayCard(page, banner.adminUrl, order.id)
    await totals(card, `refunded ${order.total} ${code} (gateway ${order.total})`)
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-paypal-order.png") })
    return { afterPart, proposedRest, afterRest, afterRefunds: await card.innerText() }
  })
}
