/**
 * Every stack's generated fix, for every plan: compared with a reviewed golden file
 * (test/fixtures/fix-snippets/<stack>/<scenario>.txt; rewrite them with UPDATE_GOLDEN=1 and review
 * the diff), and checked for the safety rules every fix must follow.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFix, STACK_IDS } from "../../src/fixes/index.js";
import { regexLiteral } from "../../src/fixes/snippet.js";
import { PLAN_SCENARIOS, planFromScenario } from "./plans.js";

const GOLDEN = join(import.meta.dirname, "../fixtures/fix-snippets");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function render(fix: ReturnType<typeof generateFix>): string {
  return [
    `# ${fix.label}${fix.verified === "emulator" ? " (verified on an emulator)" : fix.verified ? " (verified)" : " (not verified)"}${fix.alternative ? " — alternative" : ""}`,
    `# where: ${fix.where}`,
    ...fix.traps.map((t) => `# trap: ${t}`),
    "",
    fix.snippet,
    "",
  ].join("\n");
}

describe.each([...STACK_IDS])("%s", (stack) => {
  it.each([...PLAN_SCENARIOS])("%s matches its reviewed golden file", (scenario) => {
    const fix = generateFix(planFromScenario(scenario), stack);
    const file = join(GOLDEN, stack, `${scenario}.txt`);
    const text = render(fix);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1 and review it`);
      mkdirSync(join(GOLDEN, stack), { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, "utf8"));
  });

  it.each([...PLAN_SCENARIOS])("%s follows the safety rules", (scenario) => {
    const plan = planFromScenario(scenario);
    const fix = generateFix(plan, stack);
    expect(fix.where.length).toBeGreaterThan(10);
    expect(fix.traps.length).toBeGreaterThan(0);
    if (fix.alternative) return; // a proxy makes the request same-origin; no CORS policy to check
    const snippet = fix.snippet;
    // The exact page origin, never "allow everything" or "echo whatever Origin says".
    // Each allowed origin, as written or as a regex literal (Apache's SetEnvIf); a product that
    // sends one static origin (API Gateway's mock) names the others in a trap.
    for (const origin of plan.policy.origins.filter((o) => o !== "*")) {
      const written = [snippet, ...fix.traps].some(
        (text) => text.includes(origin) || text.includes(regexLiteral(origin)),
      );
      expect(written, `origin ${origin}`).toBe(true);
    }
    expect(snippet).not.toMatch(/origin\s*[:=]\s*true\b/i);
    if (plan.policy.origins.includes("*")) {
      // `*` is kept only for a public API: never together with credentials.
      expect(plan.policy.credentials).toBe(false);
      expect(snippet).not.toMatch(/allow_?credentials\s*[:=]\s*true|AllowCredentials\(\)|supports_credentials=True/i);
      return;
    }
    expect(snippet).not.toMatch(
      /allow_all_origins|CORS_ALLOW_ALL_ORIGINS\s*=\s*True|AllowAnyOrigin\(\)|allowedOrigins\("\*"\)/,
    );
    expect(snippet).not.toMatch(/Access-Control-Allow-Origin["']?\s*[:,=]?\s*["']\*["']/i);
    for (const method of plan.policy.methods.filter((m) => !["GET", "HEAD", "POST"].includes(m))) {
      // A product that cannot allow a method (S3 has no PATCH) must say so in a trap: "PATCH left out: ...".
      const leftOut = new RegExp(`(^|[ ,])${method.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ ,][^:]*left out:`);
      if (fix.traps.some((t) => leftOut.test(t))) continue;
      expect(snippet, `method ${method}`).toContain(method);
    }
    for (const header of plan.policy.headers) expect(snippet.toLowerCase(), `header ${header}`).toContain(header);
    if (plan.needs.preflight) expect(snippet, "Max-Age within browser caps").toContain(String(plan.policy.maxAge));
  });
});
