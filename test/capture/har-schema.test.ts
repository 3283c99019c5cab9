/**
 * The in-place fast path for HAR entries never accepts what the valibot schema rejects, and it
 * accepts real recordings (otherwise it would be a slow path with extra steps).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { HarEntrySchema, isWellFormedEntry } from "../../src/capture/har-schema.js";

const LAB = join(import.meta.dirname, "../fixtures/lab");
const HAR = join(import.meta.dirname, "../fixtures/har");

function recordedEntries(): unknown[] {
  const entries: unknown[] = [];
  for (const file of readdirSync(LAB)) {
    const fixture = JSON.parse(readFileSync(join(LAB, file), "utf8")) as { har: { log: { entries: unknown[] } } };
    entries.push(...fixture.har.log.entries);
  }
  for (const file of readdirSync(HAR).filter((f) => f.endsWith(".har"))) {
    const document = JSON.parse(readFileSync(join(HAR, file), "utf8")) as {
      log?: { entries?: unknown };
      entries?: unknown;
    };
    const list = document.log?.entries ?? document.entries;
    if (Array.isArray(list)) entries.push(...list);
  }
  return entries;
}

const entries = recordedEntries();

/** Paths the schema constrains, and a few it does not. */
const PATHS = [
  [],
  ["request"],
  ["request", "method"],
  ["request", "url"],
  ["request", "httpVersion"],
  ["request", "headers"],
  ["request", "headers", 0],
  ["request", "headers", 0, "name"],
  ["request", "headers", 0, "value"],
  ["request", "headersSize"],
  ["response"],
  ["response", "status"],
  ["response", "statusText"],
  ["response", "httpVersion"],
  ["response", "headers"],
  ["response", "headers", 0, "value"],
  ["response", "redirectURL"],
  ["response", "_error"],
  ["startedDateTime"],
  ["time"],
  ["serverIPAddress"],
  ["pageref"],
  ["_resourceType"],
  ["_initiator"],
  ["_initiator", "type"],
  ["_initiator", "url"],
  ["_initiator", "requestId"],
  ["timings"],
  ["cache"],
] as const;

const VALUES: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "GET",
  "a".repeat(70),
  "b".repeat(70_000),
  0,
  -1,
  1.5,
  200,
  1000,
  true,
  [],
  [{ name: "a", value: "b" }],
  [{ name: 1, value: "b" }],
  Array.from({ length: 2001 }, () => ({ name: "a", value: "b" })),
  {},
  { name: "a", value: "b" },
];

function mutate(entry: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(entry) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  if (typeof copy !== "object" || copy === null) return copy;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== "object" || next === null) return copy;
    at = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

// Thousands of property runs: seconds on a loaded machine; the bound only guards against a hang.
describe("isWellFormedEntry", { timeout: 60_000 }, () => {
  it("accepts every recorded entry the schema accepts", () => {
    const valid = entries.filter((e) => v.safeParse(HarEntrySchema, e).success);
    expect(valid.length).toBeGreaterThan(200);
    for (const entry of valid) expect(isWellFormedEntry(entry)).toBe(true);
  });

  it("never accepts an entry the schema rejects", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...entries),
        fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom(...VALUES)), { minLength: 1, maxLength: 3 }),
        (entry, mutations) => {
          const mutated = mutations.reduce((e, [path, value]) => mutate(e, path, value), entry);
          if (isWellFormedEntry(mutated)) expect(v.safeParse(HarEntrySchema, mutated).success).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
