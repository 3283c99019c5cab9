/**
 * The fix plans every stack generator is tested with, built from committed lab recordings: the
 * same failures the verification suite replays, plus a few that exercise the other needs.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readHar } from "../../src/capture/index.js";
import { type Diagnosis, diagnose, type Exchange } from "../../src/engine/index.js";
import { type FixPlan, planFix } from "../../src/fixes/index.js";

export const PLAN_SCENARIOS = [
  "preflight-401-without-cors",
  "preflight-credentials-acac-missing",
  "credentials-acac-missing",
  "actual-500-without-cors",
  "acao-duplicate-lines",
  "preflight-404-without-cors",
  "header-x-custom",
  "preflight-ok-actual-missing-acao",
  // Merged per server (mergeServerPolicies): two page origins and two first path segments.
  "merged-two-origins-two-paths",
  // A public API that works with `*` today keeps it.
  "merged-public-wildcard",
] as const;

const LAB = join(import.meta.dirname, "../fixtures/lab");

/** Plans no single recording gives: the merged shapes, from a recorded plan. */
const DERIVED: Readonly<Record<string, (base: () => FixPlan) => FixPlan>> = {
  "merged-two-origins-two-paths": (base) => {
    const plan = base();
    return {
      ...plan,
      policy: {
        ...plan.policy,
        origins: [...plan.policy.origins, "https://app.example.com"],
        methods: [...plan.policy.methods, "PUT", "DELETE"],
        paths: [...plan.policy.paths, "/v1/items/42", "/feeds/list"],
      },
    };
  },
  "merged-public-wildcard": (base) => {
    const plan = base();
    return { ...plan, policy: { ...plan.policy, origins: ["*"], credentials: false, paths: ["/list"] } };
  },
};

/** A lab scenario's recorded exchange (the one Chromium's truth names first) and its diagnosis. */
export function recordedScenario(id: string): { exchange: Exchange; diagnosis: Diagnosis } {
  const fixture = JSON.parse(readFileSync(join(LAB, `${id}.json`), "utf8")) as {
    har: unknown;
    truth: Array<{ url: string }>;
  };
  const read = readHar(fixture.har);
  if (!read.ok) throw new Error(read.message);
  const captured = read.exchanges.find((x) => x.exchange.hops[0]?.request.url === fixture.truth[0]?.url);
  if (!captured) throw new Error(`${id}: exchange not found`);
  return { exchange: captured.exchange, diagnosis: diagnose(captured.exchange) };
}

export function planFromScenario(id: string): FixPlan {
  const derive = DERIVED[id];
  if (derive) return derive(() => planFromScenario("header-x-custom"));
  const { exchange, diagnosis } = recordedScenario(id);
  const plan = planFix(exchange, diagnosis);
  if (!plan) throw new Error(`${id}: no plan`);
  return plan;
}
