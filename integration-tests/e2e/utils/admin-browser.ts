import { existsSync } from "fs"
import os from "os"
import path from "path"
import { chromium, type Page } from "playwright-core"

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]

export function findChromium(): string | undefined {
  return CANDIDATES.find((p): p is string => Boolean(p && existsSync(p)))
}

type AdminLogin = { adminUrl: string; email: string; password: string }

/** Runs `steps` in Debian's Chromium, logged into the admin dashboard as a merchant would be. */
async function asMerchant<T>(banner: AdminLogin, steps: (page: Page) => Promise<T>): Promise<T> {
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
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    await page.goto(banner.adminUrl, { waitUntil: "domcontentloaded" })
    await page.locator('input[name="email"]').fill(banner.email)
    await page.locator('input[name="password"]').fill(banner.password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
    return await steps(page)
  } finally {
    // playwright gives the browser a fresh temporary profile and removes it.
    await browser.close()
  }
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
  review: { productId: string; title: string }
): Promise<{ before: WidgetReading; after: WidgetReading; statusShown: string }> {
  return asMerchant(banner, async (page) => {
    const before = await readReviewsWidget(page, banner.adminUrl, review.productId)

    await page.goto(`${banner.adminUrl}/reviews`, { waitUntil: "domcontentloaded" })
    const row = page.locator("table tbody tr", { hasText: review.title })
    await row.waitFor({ timeout: 60_000 })
    await row.getByRole("checkbox").click()
    await page.getByRole("button", { name: "Approve", exact: true }).click()
    await row.getByText("Approved", { exact: true }).waitFor({ timeout: 30_000 })
    const statusShown = (await row.innerText()).includes("Approved") ? "Approved" : "?"
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-reviews.png") })

    const after = await readReviewsWidget(page, banner.adminUrl, review.productId)
    await page
      .getByTestId("product-reviews-widget")
      .screenshot({ path: path.join(os.tmpdir(), "zoco-admin-review-widget.png") })
    return { before, after, statusShown }
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
): Promise<{ secretDialog: string; rowText: string; logText: string; editedText: string }> {
  return asMerchant(banner, async (page) => {
    await page.goto(`${banner.adminUrl}/webhooks`, { waitUntil: "domcontentloaded" })
    await page.locator("#webhook-url").fill(endpointUrl)
    await page.getByRole("button", { name: "Add endpoint" }).click()
    const dialog = page.getByRole("alertdialog")
    await dialog.getByText(/Signing secret/).waitFor({ timeout: 30_000 })
    const secretDialog = await dialog.innerText()
    await dialog.getByRole("button", { name: "Done" }).click()

    const row = page.locator("[data-webhook-id]", { hasText: endpointUrl })
    await row.waitFor({ timeout: 30_000 })
    await row.getByRole("button", { name: "Send test" }).click()
    const delivery = row.locator("[data-delivery-id]", { hasText: "ping" })
    await delivery.waitFor({ timeout: 30_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-webhooks.png") })
    const rowText = await row.innerText()
    const logText = await delivery.innerText()

    await row.getByRole("button", { name: "Edit" }).click()
    const form = row.locator("form")
    await form.getByLabel("Timeout (s)").fill("20")
    await form.getByRole("checkbox", { name: "customer.created" }).click()
    await form.getByRole("button", { name: "Save" }).click()
    await form.waitFor({ state: "detached", timeout: 30_000 })
    await row.getByText("20 s timeout").waitFor({ timeout: 30_000 })
    return { secretDialog, rowText, logText, editedText: await row.innerText() }
  })
}
