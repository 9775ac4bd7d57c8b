import yargs from "yargs"
import { medusaUserArgs } from "../admin-credentials"

/** Parses arguments the way Medusa's CLI declares its `user` command. */
function parseLikeMedusa(args: string[]) {
  return yargs(args)
    .command("user", "Create a user")
    .fail((message) => {
      throw new Error(message)
    })
    .option("e", { alias: "email", type: "string" })
    .option("p", { alias: "password", type: "string" })
    .option("i", { alias: "id", type: "string" })
    .strict()
    .exitProcess(false)
    .parseSync()
}

describe("medusaUserArgs", () => {
  it("is needed: the password as a separate argument breaks on a leading dash", () => {
    expect(() =>
      parseLikeMedusa(["user", "-e", "admin@zoco.local", "-p", "-X1yrXRsIj-dc93wD3-ZoW7e"])
    ).toThrow(/Unknown argument/)
  })

  // A generated base64url password starts with "-" once in 64 starts; "-p -X1yr…" then failed
  // with "Unknown arguments: 1, X, y, r".
  it.each(["-X1yrXRsIj-dc93wD3-ZoW7e", "--already-dashed", "plain_Password-1", "a=b c"])(
    "passes the password %s through intact",
    (password) => {
      const parsed = parseLikeMedusa(medusaUserArgs("admin@zoco.local", password))
      expect(parsed._).toEqual(["user"])
      expect(parsed.password).toBe(password)
      expect(parsed.email).toBe("admin@zoco.local")
    }
  )
})
