import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MAIL_MODULE, type NewMail } from "../../modules/mail"
import type MailModuleService from "../../modules/mail/service"

export const enqueueMailsStepId = "zoco-enqueue-mails"

/** Writes the mails to the outbox; undone by deleting the rows it wrote (those already queued stay). */
export const enqueueMailsStep = createStep(
  enqueueMailsStepId,
  async (mails: NewMail[], { container }) => {
    const mail = container.resolve<MailModuleService>(MAIL_MODULE)
    const ids = await mail.enqueue(mails)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<MailModuleService>(MAIL_MODULE).softDeleteMailMessages(ids)
  }
)
