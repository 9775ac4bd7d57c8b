import { changeRulesStep } from "@zoco/plugin-kit/rules"
import { WEBHOOKS_MODULE } from "../../modules/webhooks"

/** Saves the merchant's delivery rules; undone by writing back what was saved before. */
export const changeWebhookRulesStep = changeRulesStep("change-webhook-rules", WEBHOOKS_MODULE)
