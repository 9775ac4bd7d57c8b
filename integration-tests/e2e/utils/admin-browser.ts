import { existsSync } from "fs"
import os from "os"
import path from "path"
import { chromium } from "playwright-core"

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]

export function findChromium(): string | undefined {
  return CANDIDATES.find((p): p is string => Boolean(p && existsSync(p)))
}

/**
 * Logs into the admin dashboard as a merchant would and returns the product
 * titles shown on the products page.
 */
export async function adminSeesSeededProducts(banner: {
  adminUrl: string
  email: string
  password: string
}): Promise<string[]> {
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
    const page = await browser.newPage()
    await page.goto(banner.adminUrl, { waitUntil: "domcontentloaded" })
    await page.locator('input[name="email"]').fill(banner.email)
    await page.locator('input[name="password"]').fill(banner.password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
    await page.goto(`${banner.adminUrl}/products`, { waitUntil: "domcontentloaded" })
    const rows = page.locator("table tbody tr")
    await rows.first().waitFor({ timeout: 60_000 })
    await page.screenshot({ path: path.join(os.tmpdir(), "zoco-admin-products.png") })
    return await rows.allInnerTexts()
  } finally {
    // playwright gives the browser a fresh temporary profile and removes it.
    await browser.close()
  }
}
