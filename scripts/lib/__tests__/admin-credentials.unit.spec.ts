import { setupEnv } from "../admin-credentials"

describe("setupEnv", () => {
  // A generated base64url password starts with "-" once in 64 starts; passed to `medusa user`
  // as "-p -X1yr…" it failed with "Unknown arguments: 1, X, y, r".
  it.each(["-X1yrXRsIj-dc93wD3-ZoW7e", "--already-dashed", "plain_Password-1", "a=b c"])(
    "passes the password %s through intact",
    (password) => {
      expect(setupEnv({ seed: false, admin: { email: "admin@zoco.local", password } })).toEqual({
        ZOCO_SETUP_SEED: "0",
        ZOCO_SETUP_ADMIN_EMAIL: "admin@zoco.local",
        ZOCO_SETUP_ADMIN_PASSWORD: password,
      })
    }
  )

  it("asks for the catalogue alone when the admin exists", () => {
    expect(setupEnv({ seed: true })).toEqual({
      ZOCO_SETUP_SEED: "1",
      ZOCO_SETUP_ADMIN_EMAIL: "",
      ZOCO_SETUP_ADMIN_PASSWORD: "",
    })
  })
})
