import type { ILockingModule } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import type { LockLimits } from "../../../lib/lock-limits"
import Locking from "../models/locking"
import { NonBlockingPostgresLockingProvider } from "../service"

type Suite = Parameters<typeof moduleIntegrationTestRunner<ILockingModule>>[0]["testSuite"]

/** Medusa's Locking module with this provider as its default, given `options`, on a test database. */
export function lockingTestRunner(options: LockLimits | undefined, testSuite: Suite) {
  moduleIntegrationTestRunner<ILockingModule>({
    moduleName: Modules.LOCKING,
    moduleModels: [Locking],
    pathToMigrations: path.join(__dirname, "..", "migrations"),
    moduleOptions: {
      providers: [
        {
          id: NonBlockingPostgresLockingProvider.identifier,
          resolve: path.join(__dirname, ".."),
          is_default: true,
          ...(options ? { options } : {}),
        },
      ],
    },
    testSuite,
  })
}
