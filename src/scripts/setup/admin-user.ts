import type { MedusaContainer } from "@medusajs/framework/types"
import { FeatureFlag, MedusaError, Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"

/**
 * The admin user of `email` with an email/password login, made as `medusa user` makes it (an
 * emailpass identity, the user attached to it, the super admin role when RBAC is on), through
 * Medusa's auth module and workflow. Does nothing when the user exists.
 */
export async function ensureAdminUser(
  container: MedusaContainer,
  email: string,
  password: string
): Promise<"created" | "existed"> {
  const [existing] = await container
    .resolve(Modules.USER)
    .listUsers({ email }, { take: 1, select: ["id"] })
  if (existing) return "existed"

  let roles: string[] = []
  if (FeatureFlag.isFeatureEnabled("rbac")) {
    const superAdmin = await container
      .resolve(Modules.RBAC)
      .listRbacRoles({ id: "role_super_admin" })
    roles = superAdmin.map((role: { id: string }) => role.id)
  }
  const { authIdentity, error } = await container
    .resolve(Modules.AUTH)
    .register("emailpass", { body: { email, password } })
  if (error || !authIdentity) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Could not create the admin login for ${email}: ${error ?? "no identity returned"}`
    )
  }
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: authIdentity.id, userData: { email, roles } },
  })
  return "created"
}
