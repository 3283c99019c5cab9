/**
 * Path scoping, for every stack that scopes by path: a model of each stack's matcher syntax,
 * read back from the generated snippet, must match every request path of the merged policy.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateFix, type StackId } from "../../src/fixes/index.js";
import { planFromScenario } from "./plans.js";

const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each stack's matchers, read from its snippet, as predicates over a request path. */
const MODELS: Partial<Record<StackId, (snippet: string) => Array<(path: string) => boolean>>> = {
  // `location /x {`: a prefix match.
  nginx: (s) =>
    [...s.matchAll(/^location (\S+) \{$/gm)].map(
      ([, p]) =>
        (path) =>
          path.startsWith(p ?? "\0"),
    ),
  // <Location "/x">: a prefix; <LocationMatch "re">: a PCRE (JavaScript-compatible here).
  apache: (s) => [
    ...[...s.matchAll(/^<Location "([^"]+)">$/gm)].map(
      ([, p]) =>
        (path: string) =>
          path.startsWith(p ?? "\0"),
    ),
    ...[...s.matchAll(/^<LocationMatch "([^"]+)">$/gm)].map(
      ([, re]) =>
        (path: string) =>
          new RegExp(re ?? "$^").test(path),
    ),
  ],
  // `path a b/*`: exact, or a trailing `*` prefix.
  caddy: (s) =>
    (/^@cors path (.+)$/m.exec(s)?.[1] ?? /^\tpath (.+)$/m.exec(s)?.[1] ?? "")
      .split(" ")
      .map((p) => (path: string) => (p.endsWith("*") ? path.startsWith(p.slice(0, -1)) : path === p)),
  // `/x/:path*`: /x and everything under it.
  nextjs: (s) =>
    [...(/matcher: (.+),$/m.exec(s)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(([, m]) => {
      const base = (m ?? "").replace(/\/:path\*$/, "");
      return (path: string) => new RegExp(`^${regexEscape(base)}(?:/.*)?$`).test(path);
    }),
  // API Gateway: one OPTIONS per resource, named exactly.
  "aws-rest-api": (s) =>
    [...s.matchAll(/^ {2}"([^"]+)":$/gm)].map(
      ([, p]) =>
        (path: string) =>
          path === p,
    ),
};

const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
const path = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => `/${parts.join("/")}`);

describe.each(Object.keys(MODELS) as StackId[])("%s path scoping", (stack) => {
  it("matches every request path of the merged policy", () => {
    const base = planFromScenario("header-x-custom");
    fc.assert(
      fc.property(fc.uniqueArray(path, { minLength: 1, maxLength: 5 }), (paths) => {
        const plan = { ...base, policy: { ...base.policy, paths } };
        const matchers = MODELS[stack]?.(generateFix(plan, stack).snippet) ?? [];
        expect(matchers.length, "the snippet has a matcher").toBeGreaterThan(0);
        for (const p of paths)
          expect(
            matchers.some((m) => m(p)),
            `${stack} covers ${p}`,
          ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("covers /list itself, not only /list/ (the nginx bug this replaced)", () => {
    const base = planFromScenario("header-x-custom");
    const plan = { ...base, policy: { ...base.policy, paths: ["/list"] } };
    const matchers = MODELS[stack]?.(generateFix(plan, stack).snippet) ?? [];
    expect(matchers.some((m) => m("/list"))).toBe(true);
  });
});
