/**
 * The published JSON Schema (schemas/cors-policy.schema.json, draft 2020-12) and the valibot
 * mirror that `check` validates with (src/policy/schema.ts) must agree: both accept every policy
 * extracted from the fixtures and both reject each broken one. Ajv (through fastify, a dev
 * dependency) stands for any draft 2020-12 validator a user's editor or CI might run.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { AUDIT_CLASSES } from "../../src/cli/audit.js";
import { BLOCK_CLASSES, POLICY_SCHEMA_URL, parsePolicy } from "../../src/policy/index.js";
import { HAR_FILES, harDocument, LAB_FILES, labDocument, policyOf } from "./fixtures.js";

const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../schemas/cors-policy.schema.json"), "utf8"),
) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** A valid policy to break, one field at a time. */
const base = () =>
  JSON.parse(JSON.stringify(policyOf(labDocument("acah-space-separated.json"), "acah-space-separated.json")));

// biome-ignore lint/suspicious/noExplicitAny: policies broken on purpose, one field at a time
const BROKEN: ReadonlyArray<readonly [string, (policy: any) => void]> = [
  ["version 2", (p) => (p.version = 2)],
  ["no servers", (p) => delete p.servers],
  ["an unknown top-level field", (p) => (p.extra = true)],
  ["a server with a path", (p) => (p.servers[0].server = "https://api.example/v1")],
  ["a server with a trailing slash", (p) => (p.servers[0].server = "https://api.example/")],
  ["an origin without a scheme", (p) => (p.servers[0].allow[0].origin = "app.example")],
  ["null as an origin to allow", (p) => (p.servers[0].allow[0].origin = "null")],
  ["a path with a query", (p) => (p.servers[0].allow[0].path = "/items?token=x")],
  ["a relative path", (p) => (p.servers[0].allow[0].path = "items")],
  ["a method with a space", (p) => (p.servers[0].allow[0].method = "GE T")],
  ["an upper-case header name", (p) => (p.servers[0].allow[0].headers = ["X-Request-Id"])],
  ["a header with its value", (p) => (p.servers[0].allow[0].headers = ["authorization: Bearer x"])],
  ["a repeated header name", (p) => (p.servers[0].allow[0].headers = ["x-a", "x-a"])],
  ["credentials as a string", (p) => (p.servers[0].allow[0].credentials = "true")],
  ["a class on an allow rule", (p) => (p.servers[0].allow[0].class = "null-origin")],
  ["an unknown block class", (p) => (p.servers[0].block[0].class = "baseline")],
  ["a block rule without a class", (p) => delete p.servers[0].block[0].class],
  ["no anyOrigin", (p) => delete p.servers[0].anyOrigin],
  ["a capture without its file", (p) => delete p.capture.file],
];

describe("the JSON Schema and the valibot schema agree", { timeout: 60_000 }, () => {
  it("the schema's $id is the URL written into $schema; its block classes are the audit's", () => {
    expect(schema.$id).toBe(POLICY_SCHEMA_URL);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const blockRule = (schema.$defs as { blockRule: { properties: { class: { enum: string[] } } } }).blockRule;
    expect(blockRule.properties.class.enum).toEqual([...BLOCK_CLASSES]);
    expect(AUDIT_CLASSES.filter((c) => c !== "baseline")).toEqual([...BLOCK_CLASSES]);
  });

  it("both accept the policy of every HAR and lab fixture", () => {
    const documents = [
      ...HAR_FILES.map((f) => [f, harDocument(f)] as const),
      ...LAB_FILES.map((f) => [f, labDocument(f)] as const),
    ];
    for (const [file, document] of documents) {
      const policy = JSON.parse(JSON.stringify(policyOf(document, file)));
      expect(validate(policy), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const parsed = parsePolicy(policy);
      expect(parsed.ok, `${file}: ${parsed.ok ? "" : parsed.message}`).toBe(true);
    }
  });

  it.each(BROKEN)("both reject %s", (_, breakIt) => {
    const policy = base();
    breakIt(policy);
    expect(validate(policy)).toBe(false);
    const parsed = parsePolicy(policy);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^not a CORS Doctor policy/);
  });

  it("names where the problem is", () => {
    const policy = base();
    policy.servers[0].allow[0].path = "/items?token=x";
    const parsed = parsePolicy(policy);
    expect(parsed.ok ? "" : parsed.message).toContain("servers.0.allow.0.path");
  });
});
