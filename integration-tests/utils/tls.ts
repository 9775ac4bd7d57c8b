import { execFileSync } from "child_process"
import { readFileSync } from "fs"
import path from "path"

/**
 * A self-signed certificate for 127.0.0.1 and localhost, valid for a day, written to `dir`. A
 * local stand-in serves https with it when `npm start` (production) requires https; the servers
 * trust it through NODE_EXTRA_CA_CERTS, as they would a private CA.
 */
export function certificateFor127(dir: string, name = "local") {
  const keyPath = path.join(dir, `${name}-key.pem`)
  const certPath = path.join(dir, `${name}-cert.pem`)
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: "ignore" }
  )
  return {
    key: readFileSync(keyPath, "utf8"),
    cert: readFileSync(certPath, "utf8"),
    keyPath,
    certPath,
  }
}
