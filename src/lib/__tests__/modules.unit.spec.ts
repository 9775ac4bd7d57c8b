import { authModule } from "../modules"

describe("the auth module's password hashing", () => {
  it("keeps Medusa's own scrypt cost in every environment but tests", () => {
    for (const nodeEnv of ["production", "development", "staging"] as const) {
      expect(authModule({ nodeEnv })).toEqual([])
    }
  })

  it("hashes at a low cost under NODE_ENV=test, through Medusa's email-and-password provider", () => {
    expect(authModule({ nodeEnv: "test" })).toEqual([
      {
        resolve: "@medusajs/medusa/auth",
        options: {
          providers: [
            expect.objectContaining({
              resolve: "@medusajs/medusa/auth-emailpass",
              id: "emailpass",
              options: { hashConfig: expect.objectContaining({ logN: 8 }) },
            }),
          ],
        },
      },
    ])
  })
})
