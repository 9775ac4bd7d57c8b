import { mkdtempSync, readFileSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { describeCommand, run } from "../run"

describe("run", () => {
  it("masks secret arguments in the command line it reports", () => {
    expect(describeCommand("medusa", ["user", "-p", "hunter2"], ["hunter2"])).toBe(
      "medusa user -p ***"
    )
    expect(describeCommand("medusa", ["db:migrate"])).toBe("medusa db:migrate")
  })

  it("never writes a secret argument to the log or the error", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zoco-run-"))
    const logFile = path.join(dir, "setup.log")
    try {
      const failed = run(process.execPath, ["-e", "process.exit(3)", "hunter2"], {
        cwd: dir,
        env: process.env,
        logFile,
        secrets: ["hunter2"],
      })
      await expect(failed).rejects.toThrow(/-e process\.exit\(3\) \*\*\*` failed \(exit code 3\)/)
      await failed.catch((error: Error) => expect(error.message).not.toContain("hunter2"))
      // The log stream closes with the child.
      await new Promise((r) => setTimeout(r, 100))
      const log = readFileSync(logFile, "utf8")
      expect(log).toContain("***")
      expect(log).not.toContain("hunter2")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
