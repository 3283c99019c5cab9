/**
 * `cors-doctor probe` against the CORS Lab's real servers: for each scenario a probe can replay
 * (fetch(), no cookies), the probe's verdict and Chromium error must equal what Chromium itself
 * decided for the same scenario (the committed fixture's truth).
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenarios, pageOrigin, requestUrl, type Scenario } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";
import { runCli } from "./run-cli.js";

const scenarios = loadScenarios();
/** What probe can replay: fetch() with explicit headers, no cookies, no special modes. */
const replayable = scenarios.filter(
  (s: Scenario) =>
    s.request.api === "fetch" &&
    (s.request.mode ?? "cors") === "cors" &&
    (s.request.redirect ?? "follow") === "follow" &&
    !(s.request.headers ?? []).some(([name]) => name.toLowerCase() === "cookie") &&
    !s.id.startsWith("credentials-cookie") &&
    !s.routes.some((r) => r.preflight?.close || r.actual?.close) &&
    !/same-origin|no-cors|lna|network|refused|closed|mixed/.test(s.id),
);

// Each test starts the CLI (a Node process): seconds on a loaded machine.
describe("cors-doctor probe against the CORS Lab", { timeout: 60_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await start(scenarios, { ports: "ephemeral" });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it("covers a meaningful share of the lab", () => {
    expect(replayable.length).toBeGreaterThanOrEqual(40);
  });

  it("--explain names the options the user gave as the source of the origin and credentials", async () => {
    const scenario = replayable.find((s) => s.id === "acao-missing") ?? replayable[0];
    if (!scenario) throw new Error("no replayable scenario");
    const url = requestUrl(scenario, lab.ports, `explain.probe${Math.random().toString(16).slice(2, 8)}`);
    const { stdout } = await runCli([
      "probe",
      url,
      "--origin",
      pageOrigin(scenario, lab.ports),
      "--resolve",
      `api.test:${lab.ports.api}:127.0.0.1`,
      "--explain",
    ]);
    expect(stdout).toContain(`What is my origin? ${pageOrigin(scenario, lab.ports)} (from --origin).`);
    expect(stdout).toContain("No (probed without --credentials).");
    expect(stdout).not.toMatch(/from you\b|\(you\)/);
  });

  const BLINK_HEADER_ORDER = new Set([
    "header-safelisted-total-over-1024",
    "header-order-not-sorted",
    "header-order-not-sorted-xhr",
    "fuzz-long-content-language-header-order",
  ]);

  it.each(replayable.map((s) => [s.id, s] as const))("%s: probe agrees with Chromium", async (_, scenario) => {
    const fixture = JSON.parse(
      readFileSync(join(import.meta.dirname, `../fixtures/lab/${scenario.id}.json`), "utf8"),
    ) as {
      lab: { ports: Record<"page" | "api" | "alt", number> };
      truth: Array<{ outcome: string; corsError: string | null; failedParameter: string | null }>;
    };
    const recorded = fixture.truth[0];
    // The fixture was recorded on fixed ports; this lab runs on free ones.
    const ports = (text: string | null) =>
      text === null
        ? null
        : (["page", "api", "alt"] as const).reduce(
            (t, role) => t.replaceAll(`:${fixture.lab.ports[role]}`, `:${lab.ports[role]}`),
            text,
          );
    const truth = recorded ? { ...recorded, failedParameter: ports(recorded.failedParameter) } : undefined;
    const url = requestUrl(scenario, lab.ports, `${scenario.id}.probe${Math.random().toString(16).slice(2, 8)}`);
    const resolve = ["app.test", "www.app.test", "api.app.test", "api.test", "other.test"].flatMap((host) =>
      [lab.ports.page, lab.ports.api, lab.ports.alt].flatMap((port) => ["--resolve", `${host}:${port}:127.0.0.1`]),
    );
    const args = [
      "probe",
      url,
      "--origin",
      pageOrigin(scenario, lab.ports),
      "-X",
      scenario.request.method,
      ...resolve,
      "--json",
    ];
    for (const [name, value] of scenario.request.headers ?? []) args.push("-H", `${name}: ${value}`);
    if (scenario.request.credentials === "include") args.push("--credentials");
    if (scenario.request.body !== undefined && scenario.request.body !== null)
      args.push("-d", String(scenario.request.body));
    const { code, stdout, stderr } = await runCli(args);
    expect(stderr).toBe("");
    const result = (
      JSON.parse(stdout) as {
        exchanges: Array<{ verdict: string; corsError: string | null; failedParameter: string | null }>;
      }
    ).exchanges[0];
    // With several headers missing from Access-Control-Allow-Headers (or every header unsafe only
    // through the 1024-byte total), Chromium names the first in Blink's internal header order (a
    // hash map), which no client outside Blink can reproduce: any of the missing names is right.
    if (BLINK_HEADER_ORDER.has(scenario.id) && truth) {
      const sent = (scenario.request.headers ?? []).map(([name]) => name.toLowerCase());
      expect(sent).toContain(result?.failedParameter);
      truth.failedParameter = result?.failedParameter ?? null;
    }
    expect({
      verdict: result?.verdict,
      corsError: result?.corsError,
      failedParameter: result?.corsError ? result.failedParameter : null,
    }).toEqual({
      verdict: truth?.outcome,
      corsError: truth?.corsError ?? null,
      failedParameter: truth?.corsError ? truth.failedParameter : null,
    });
    expect(code).toBe(truth?.outcome === "allowed" || truth?.outcome === "not-cors" ? 0 : 1);
  });
});
