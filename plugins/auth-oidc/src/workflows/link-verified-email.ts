import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { setAuthAppMetadataStep } from "@medusajs/medusa/core-flows"
import { likeLiteral } from "../lib/email"
import type { SignInActor } from "../options"

export type LinkVerifiedEmailInput = {
  authIdentityId: string
  actor: SignInActor
  /** Lower-cased, and verified by the identity provider. */
  email: string
}

/**
 * The account of this actor with this email: a customer who registered (guests have no account
 * to reach), or an admin user. Emails are compared without regard to case, literally.
 */
export const findAccountByEmailStep = createStep(
  "zoco-auth-find-account-by-email",
  async (input: Omit<LinkVerifiedEmailInput, "authIdentityId">, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const email = { $ilike: likeLiteral(input.email) }
    const { data } =
      input.actor === "customer"
        ? await query.graph({
            entity: "customer",
            fields: ["id"],
            filters: { email, has_account: true },
            pagination: { take: 2 },
          })
        : await query.graph({
            entity: "user",
            fields: ["id"],
            filters: { email },
            pagination: { take: 2 },
          })
    // Two accounts answering one email (different case) is no account to pick from.
    return new StepResponse(data.length === 1 ? (data[0].id as string) : null)
  }
)

/**
 * Links a new sign-in identity to the existing account with its verified email, so the person
 * who registered with a password, or the invited admin user, signs in with the provider too.
 * The link is Medusa's own (`app_metadata.<actor>_id` through `setAuthAppMetadataStep`, which
 * undoes itself when a later step fails); nothing is created when no account matches.
 */
export const linkVerifiedEmailWorkflow = createWorkflow(
  "zoco-auth-link-verified-email",
  (input: LinkVerifiedEmailInput) => {
    const accountId = findAccountByEmailStep({ actor: input.actor, email: input.email })
    const linkInput = transform({ input, accountId }, ({ input, accountId }) => ({
      authIdentityId: input.authIdentityId,
      actorType: input.actor,
      value: accountId as string,
    }))
    when({ accountId }, ({ accountId }) => !!accountId).then(() => {
      setAuthAppMetadataStep(linkInput)
    })
    return new WorkflowResponse(accountId)
  }
)
