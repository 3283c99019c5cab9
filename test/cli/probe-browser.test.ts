/**
 * `cors-doctor probe --browser`: the probe's answer for Safari and for all three browsers, against
 * the CORS Lab's real server (preflight-405-without-cors: WebKit reports the status first).
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenarios, pageOrigin, requestUrl, scenarioById } from "../../lab/scenario.js";
import { type Lab, start } from "../../lab/server.js";
import { runCli } from "./run-cli.js";

const scenarios = loadScenarios();
const scenario = scenarioById(scenarios, "preflight-405-without-cors");

describe("cors-doctor probe --browser", { timeout: 60_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await start([scenario], { ports: "ephemeral" });
  });
  afterAll(async () => {
    await lab?.close();
  });

  const probe = (...extra: string[]) =>
    runCli([
      "probe",
      requestUrl(scenario, lab.ports, `${scenario.id}.probe${Math.random().toString(16).slice(2, 8)}`),
      "--origin",
      pageOrigin(scenario, lab.ports),
      "--resolve",
      `api.test:${lab.ports.api}:127.0.0.1`,
      "-X",
      scenario.request.method,
      ...(scenario.request.headers ?? []).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
      ...extra,
    ]);

  it("Safari: its own message, and the rule where it departs from Chrome", async () => {
    const { code, stdout } = await probe("--browser", "safari");
    expect(code).toBe(1);
    expect(stdout).toContain("Safari, blocked: Preflight response is not successful. Status code: 405");
    expect(stdout).toContain("Safari: a preflight's status is checked first");
  });

  it("all, as JSON: each browser's answer beside Chrome's", async () => {
    const { code, stdout } = await probe("--browser", "all", "--json");
    expect(code).toBe(1);
    const [element] = (JSON.parse(stdout) as { exchanges: { corsError: string; browsers: Record<string, unknown> }[] })
      .exchanges;
    expect(element?.corsError).toBe("PreflightMissingAllowOriginHeader");
    expect(element?.browsers).toMatchObject({
      chrome: { verdict: "blocked", error: "PreflightMissingAllowOriginHeader" },
      firefox: { verdict: "blocked", error: "CORSMissingAllowOrigin2" },
      safari: { verdict: "blocked", error: "preflight-not-successful" },
    });
  });

  it("without --browser, the output has no per-browser field", async () => {
    const { stdout } = await probe("--json");
    expect(stdout).not.toContain('"browsers"');
  });
});
