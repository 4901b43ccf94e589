import { checkDocumentedLimits, type SendOperation } from "./checkDocumentedLimits.ts";
import { loadOpenApiSchemas, type ContractError } from "./loadOpenApiSchemas.ts";

export type { SendOperation } from "./checkDocumentedLimits.ts";
export type { ContractError } from "./loadOpenApiSchemas.ts";

export const MESSAGING_API_SPEC = new URL("../../vendor/line-openapi/messaging-api.yml", import.meta.url);

/** Which path of the contract each operation posts to; the request schema is read from there. */
export const OPERATION_PATHS: Record<SendOperation, string> = {
  reply: "/v2/bot/message/reply",
  push: "/v2/bot/message/push",
  multicast: "/v2/bot/message/multicast",
  broadcast: "/v2/bot/message/broadcast",
  narrowcast: "/v2/bot/message/narrowcast",
  showLoadingAnimation: "/v2/bot/chat/loading/start",
};

export interface ContractValidator {
  /** Empty when valid; otherwise `property: message` lines such as `messages[0].quickReply.items: must NOT have more than 13 items`. */
  validateRequest(operation: SendOperation, body: unknown): string[];
  /** The same errors, structured the way LINE reports them in `details`. */
  validateRequestDetailed(operation: SendOperation, body: unknown): ContractError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requestSchemaName(document: Record<string, unknown>, path: string): string {
  const paths = document["paths"];
  const item = isRecord(paths) ? paths[path] : undefined;
  const post = isRecord(item) ? item["post"] : undefined;
  const requestBody = isRecord(post) ? post["requestBody"] : undefined;
  const content = isRecord(requestBody) ? requestBody["content"] : undefined;
  const json = isRecord(content) ? content["application/json"] : undefined;
  const schema = isRecord(json) ? json["schema"] : undefined;
  const ref = isRecord(schema) ? schema["$ref"] : undefined;
  if (typeof ref !== "string") throw new Error(`The contract has no JSON request body schema for POST ${path}`);
  return ref.slice(ref.lastIndexOf("/") + 1);
}

export function formatContractError(error: ContractError): string {
  return error.property === "" ? error.message : `${error.property}: ${error.message}`;
}

export function createContractValidator(): ContractValidator {
  // Nothing is read until the first request is checked (see loadOpenApiSchemas).
  const schemas = loadOpenApiSchemas(MESSAGING_API_SPEC);
  const schemaNames = new Map<SendOperation, string>();
  const schemaName = (operation: SendOperation): string | undefined => {
    if (schemaNames.size === 0) {
      for (const [op, path] of Object.entries(OPERATION_PATHS) as [SendOperation, string][]) {
        schemaNames.set(op, requestSchemaName(schemas.document, path));
      }
    }
    return schemaNames.get(operation);
  };

  const validateRequestDetailed = (operation: SendOperation, body: unknown): ContractError[] => {
    const name = schemaName(operation);
    if (!name) throw new Error(`Unknown operation ${String(operation)}`);
    const schemaErrors = schemas.validate(name, body);
    const limitErrors = checkDocumentedLimits(operation, body);
    const seen = new Set(schemaErrors.map(formatContractError));
    return [...schemaErrors, ...limitErrors.filter((e) => !seen.has(formatContractError(e)))];
  };

  return {
    validateRequestDetailed,
    validateRequest: (operation, body) => validateRequestDetailed(operation, body).map(formatContractError),
  };
}
