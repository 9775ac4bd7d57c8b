import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MAIL_MODULE } from "../../modules/mail"
import type MailModuleService from "../../modules/mail/service"

export const requeueMailStepId = "zoco-requeue-mail"

/** Queues a failed mail again; undone by marking it failed again, as it was. */
export const requeueMailStep = createStep(
  requeueMailStepId,
  async (input: { id: string }, { container }) => {
    const mail = container.resolve<MailModuleService>(MAIL_MODULE)
    const existing = await mail.retrieveMailMessage(input.id)
    if (!(await mail.requeue(input.id))) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Mail ${input.id} is ${existing.status}: only a failed mail can be sent again.`
      )
    }
    return new StepResponse(input.id, { id: input.id, attempts: existing.attempts })
  },
  async (previous, { container }) => {
    if (!previous) return
    await container
      .resolve<MailModuleService>(MAIL_MODULE)
      .updateMailMessages({ id: previous.id, status: "failed", attempts: previous.attempts })
  }
)
