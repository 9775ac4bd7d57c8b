import path from "path"
import { ephemeralSecrets, parseEnv } from "../env"
import { authModule, fileModule } from "../modules"

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

describe("the file module's uploads folder", () => {
  const backendUrl = "http://localhost:9000"
  const localOptions = (modules: ReturnType<typeof fileModule>) =>
    (modules[0].options as { providers: { options: Record<string, unknown> }[] }).providers[0]
      .options

  it("keeps and serves uploads in ZOCO_UPLOADS_DIR, resolved to an absolute path", () => {
    const env = parseEnv({ ZOCO_UPLOADS_DIR: "shared/uploads" }, ephemeralSecrets)
    expect(env.uploadsDir).toBe(path.resolve("shared/uploads"))
    expect(localOptions(fileModule(env))).toEqual({
      backend_url: "http://localhost:9000/static",
      upload_dir: path.resolve("shared/uploads"),
      private_upload_dir: path.resolve("shared/uploads"),
    })
  })

  it("leaves Medusa's own static/ folder when none is named", () => {
    expect(localOptions(fileModule({ backendUrl, uploadsDir: undefined }))).toEqual({
      backend_url: "http://localhost:9000/static",
    })
  })
})
