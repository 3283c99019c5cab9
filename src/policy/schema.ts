/**
 * Reads a policy file: valibot's mirror of `schemas/cors-policy.schema.json` (the published
 * schema; test/policy/schema.test.ts runs both over the same valid and invalid fixtures).
 */

import * as v from "valibot";
import { BLOCK_CLASSES, POLICY_VERSION, type PolicyFile } from "./types.js";

const ORIGIN = /^https?:\/\/[^/?#\s]+$/;
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PATH = /^\/[^?#\s]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

const OriginSchema = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.regex(ORIGIN, "must be an origin like https://app.example"),
);

const requestEntries = {
  method: v.pipe(v.string(), v.maxLength(64), v.regex(METHOD, "must be an HTTP method token")),
  path: v.pipe(v.string(), v.maxLength(8192), v.regex(PATH, "must start with / and have no query or fragment")),
  headers: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(256), v.regex(HEADER_NAME, "must be a lower-case header name"))),
    v.maxLength(100),
    v.check((names) => new Set(names).size === names.length, "must not repeat a name"),
  ),
  credentials: v.boolean(),
};

const AllowRuleSchema = v.strictObject({ origin: OriginSchema, ...requestEntries });

const BlockRuleSchema = v.strictObject({
  origin: v.union([OriginSchema, v.literal("null")], "must be an origin like https://evil.example, or null"),
  class: v.picklist(BLOCK_CLASSES),
  ...requestEntries,
});

const ServerSchema = v.strictObject({
  server: OriginSchema,
  anyOrigin: v.boolean(),
  allow: v.pipe(v.array(AllowRuleSchema), v.maxLength(10_000)),
  block: v.pipe(v.array(BlockRuleSchema), v.maxLength(10_000)),
});

export const PolicyFileSchema = v.strictObject({
  $schema: v.optional(v.string()),
  version: v.literal(POLICY_VERSION, `must be ${POLICY_VERSION}`),
  generatedBy: v.optional(v.pipe(v.string(), v.maxLength(200))),
  capture: v.strictObject({
    file: v.pipe(v.string(), v.maxLength(1000)),
    producer: v.pipe(v.string(), v.maxLength(100)),
  }),
  servers: v.pipe(v.array(ServerSchema), v.maxLength(1000)),
});

export type ParsePolicyResult =
  | { readonly ok: true; readonly policy: PolicyFile }
  | { readonly ok: false; readonly message: string };

/** Validates a parsed JSON document; the message names the first problem and where it is. */
export function parsePolicy(document: unknown): ParsePolicyResult {
  const result = v.safeParse(PolicyFileSchema, document);
  if (result.success) {
    const output = result.output;
    return {
      ok: true,
      policy: {
        ...output,
        $schema: output.$schema ?? "",
        generatedBy: output.generatedBy ?? "",
      } as PolicyFile,
    };
  }
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join(".") ?? "";
  return {
    ok: false,
    message: `not a CORS Doctor policy (schemas/cors-policy.schema.json): ${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}`,
  };
}
