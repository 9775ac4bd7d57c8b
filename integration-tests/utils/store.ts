import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance, AxiosResponse } from "axios"
import path from "path"
import { seedCatalogue } from "../../src/scripts/seed"
import { ensureAdminUser } from "../../src/scripts/setup/admin-user"

export const DATA_DIR = path.join(__dirname, "..", "..", "data")

export type SeededStore = {
  publishableKey: string
  regions: { europe: StoreRegion; us: StoreRegion }
}

export type StoreRegion = {
  id: string
  name: string
  currency_code: string
  countries: { iso_2: string }[]
}

/** Seeds the shop from data/ exactly as `npm start` does, and reads back what a storefront needs. */
export async function seedStore(
  container: MedusaContainer,
  api: AxiosInstance
): Promise<SeededStore> {
  await seedCatalogue(container, { dataDir: DATA_DIR })
  const apiKeys = container.resolve(Modules.API_KEY)
  const [key] = (await apiKeys.listApiKeys({ type: "publishable" })).filter((k) => !k.revoked_at)
  const { data } = await api.get<{ regions: StoreRegion[] }>("/store/regions", {
    headers: { "x-publishable-api-key": key.token },
  })
  const europe = data.regions.find((r) => r.currency_code === "eur")
  const us = data.regions.find((r) => r.currency_code === "usd")
  if (!europe || !us) {
    throw new Error("the seed must create a EUR and a USD region")
  }
  return { publishableKey: key.token, regions: { europe, us } }
}

/** An admin user with a password, created as `npm start` creates the first one; returns a bearer token. */
export async function adminToken(
  container: MedusaContainer,
  api: AxiosInstance,
  email = "merchant@zoco.test",
  password = "correct horse battery staple"
): Promise<string> {
  await ensureAdminUser(container, email, password)
  const { data } = await api.post<{ token: string }>("/auth/user/emailpass", { email, password })
  return data.token
}

/** A customer account as a storefront creates one: register, create the customer, log in. */
export async function registerCustomer(
  api: AxiosInstance,
  pk: string,
  email: string,
  password: string
) {
  const { data: reg } = await api.post("/auth/customer/emailpass/register", { email, password })
  const { data: created } = await api.post(
    "/store/customers",
    { email, first_name: "Test", last_name: email.split("@")[0] },
    storeHeaders(pk, reg.token)
  )
  const { data: login } = await api.post("/auth/customer/emailpass", { email, password })
  return { token: login.token as string, customer: created.customer }
}

export function storeHeaders(publishableKey: string, token?: string) {
  return {
    headers: {
      "x-publishable-api-key": publishableKey,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  }
}

export function bearer(token: string) {
  return { headers: { authorization: `Bearer ${token}` } }
}

/** Resolves to the response of a request expected to fail, or throws if it succeeded. */
export async function failure<T = { message?: string; type?: string }>(
  request: Promise<AxiosResponse>
): Promise<AxiosResponse<T>> {
  try {
    const res = await request
    throw new Error(
      `expected the request to fail, got ${res.status}: ${JSON.stringify(res.data).slice(0, 300)}`
    )
  } catch (error) {
    const response = (error as { response?: AxiosResponse<T> }).response
    if (!response) throw error
    return response
  }
}
