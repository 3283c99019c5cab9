/**
 * `cors-doctor audit` against the CORS Lab's allow-list routes: each misconfiguration is found,
 * with its severity, and an exact allow-list comes out clean.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenarios, pageOrigin, requestUrl, scenarioById } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";
import { auditProbes } from "../../src/cli/audit.js";
import { runCli } from "./run-cli.js";

interface AuditJson {
  probes: Array<{ class: string; origin: string; accepted: boolean }>;
  findings: Array<{ class: string; severity: string; origins: string[] }>;
}

// Each test starts the CLI (a Node process): seconds on a loaded machine.
describe("cors-doctor audit against the CORS Lab", { timeout: 60_000 }, () => {
  const scenarios = loadScenarios();
  let lab: Lab;
  beforeAll(async () => {
    lab = await start(scenarios, { ports: "ephemeral" });
  });
  afterAll(async () => {
    await lab?.close();
  });

  async function audit(id: string, json = true) {
    const scenario = scenarioById(scenarios, id);
    const token = `${id}.audit${Math.random().toString(16).slice(2, 8)}`;
    const url = requestUrl(scenario, lab.ports, token);
    const args = [
      "audit",
      url,
      "--origin",
      pageOrigin(scenario, lab.ports),
      "--resolve",
      `api.test:${lab.ports.api}:127.0.0.1`,
    ];
    if (json) args.push("--json");
    const result = await runCli(args);
    return { ...result, json: json ? (JSON.parse(result.stdout) as AuditJson) : null, url, token, scenario };
  }

  const classes = (r: { json: AuditJson | null }) => r.json?.findings.map((f) => `${f.class}:${f.severity}`) ?? [];

  it("finds reflection of any origin with credentials as high, and exits 1", async () => {
    const result = await audit("allowlist-reflects-any-origin");
    expect(result.code).toBe(1);
    expect(classes(result)).toEqual(
      expect.arrayContaining([
        "arbitrary-origin:high",
        "null-origin:high",
        "prefix-match:high",
        "suffix-match:high",
        "any-subdomain:medium",
      ]),
    );
  });

  it("finds an unanchored suffix check", async () => {
    const result = await audit("allowlist-suffix-match");
    expect(classes(result)).toContain("suffix-match:high");
    expect(classes(result)).not.toContain("arbitrary-origin:high");
    expect(result.json?.findings.find((f) => f.class === "suffix-match")?.origins).toContain(
      `http://evilapp.test:${lab.ports.page}`,
    );
  });

  it("finds a trusted null origin", async () => {
    const result = await audit("allowlist-trusts-null");
    expect(classes(result)).toEqual(["null-origin:high"]);
  });

  it("finds an unescaped dot in the allow-list regex", async () => {
    const result = await audit("allowlist-unescaped-dot");
    expect(classes(result)).toEqual(["unescaped-dot:high"]);
  });

  it("finds nothing wrong with an exact allow-list, and exits 0", async () => {
    const result = await audit("allowlist-exact");
    expect(result.code).toBe(0);
    expect(result.json?.findings).toEqual([]);
    expect(result.json?.probes.find((p) => p.class === "baseline")?.accepted).toBe(true);
  });

  it("says when the trusted origin itself is not allowed", async () => {
    const result = await audit("acao-missing");
    expect(classes(result)).toEqual(["trusted-not-allowed:info"]);
    expect(result.code).toBe(0);
  });

  it("prints a readable summary without --json", async () => {
    const result = await audit("allowlist-trusts-null", false);
    expect(result.stdout).toContain("HIGH   The null origin is trusted");
    expect(result.stdout).toContain("1 problem found.");
  });

  it("sends only to the URL given: every request the lab received is for that path", async () => {
    const { token, scenario } = await audit("allowlist-exact");
    const received = lab.received(token);
    expect(received.length).toBe(auditProbes(pageOrigin(scenario, lab.ports)).length);
    expect(new Set(received.map((r) => new URL(r.url, "http://x").pathname))).toEqual(new Set(["/v1/account"]));
  });

  it("rejects a bad origin and an unreachable URL with one line and exit 2", async () => {
    const bad = await runCli(["audit", "http://127.0.0.1:1/x", "--origin", "app.test"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cors-doctor: --origin must be an origin/);
    const down = await runCli(["audit", "http://127.0.0.1:1/x", "--origin", "http://app.test"]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(
      /^cors-doctor: no answer from http:\/\/127\.0\.0\.1:1\/x: net::ERR_CONNECTION_REFUSED\n$/,
    );
  });
});
