import { loadOpenApiSchemas } from "./loadOpenApiSchemas.ts";
import { formatContractError } from "./validateAgainstContract.ts";

export const WEBHOOK_SPEC = new URL("../../vendor/line-openapi/webhook.yml", import.meta.url);

export interface WebhookValidator {
  /** Checks a webhook request body (`CallbackRequest`) against LINE's webhook contract. */
  validateCallback(body: unknown): string[];
}

export function createWebhookValidator(): WebhookValidator {
  const schemas = loadOpenApiSchemas(WEBHOOK_SPEC);
  return { validateCallback: (body) => schemas.validate("CallbackRequest", body).map(formatContractError) };
}
