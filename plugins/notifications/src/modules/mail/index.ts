import { Module } from "@medusajs/framework/utils"
import MailModuleService from "./service"

export const MAIL_MODULE = "mail"

export default Module(MAIL_MODULE, {
  service: MailModuleService,
})

export type { MailModuleOptions, NewMail, ClaimedMail, MailOutcome } from "./service"
export { default as MailModuleService } from "./service"
export { MAIL_STATUSES, type MailStatus } from "./models/mail-message"
export { MAIL_RETRY_SCHEDULE_MS, nextRetryMs } from "./retry"
