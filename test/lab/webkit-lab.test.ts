/**
 * The WebKit lab's parts without a browser: `truth:fuzz --engine webkit` options, the host proxy's
 * routing (a real proxy in front of a real lab server), and the recorder's verdict rule.
 */

import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { readEngineTruth } from "../../lab/engine-truth.js";
import { OTHER_ENGINE_DEFAULT_COUNT, parseFuzzArgs } from "../../lab/fuzz/cli-args.js";
import { KNOWN_WEBKIT_DIFFERENCES, knownWebKitDifference } from "../../lab/fuzz/webkit-known.js";
import { startHostProxy, targetPort } from "../../lab/host-proxy.js";
import { loadScenarios, scenarioById } from "../../lab/scenario.js";
import { start } from "../../lab/server.js";
import { blockedForAnotherReason, compareWithChromium } from "../../lab/webkit/compare.js";
import { notRunReason, outcomeOf } from "../../lab/webkit/recorder.js";

describe("truth:fuzz --engine webkit options", () => {
  const parse = (...argv: string[]) => parseFuzzArgs(argv, () => 42);

  it("takes webkit, with a smaller default batch", () => {
    expect(parse("--engine", "webkit")).toEqual({
      ok: true,
      args: expect.objectContaining({ engine: "webkit", count: OTHER_ENGINE_DEFAULT_COUNT }),
    });
    expect(parse("--engine", "webkit", "--count", "5")).toMatchObject({ ok: true, args: { count: 5 } });
    expect(parse()).toMatchObject({ ok: true, args: { count: 100 } });
  });

  it.each([
    [["--engine", "safari"], /--engine must be/],
    [["--engine", "webkit", "--judge", "a.jsonl"], /cannot be combined/],
    [["--engine", "webkit", "--save", "a.jsonl"], /cannot be combined/],
  ])("refuses %j", (argv, message) => {
    const parsed = parseFuzzArgs(argv, () => 1);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("the host proxy", () => {
  it("reads the port from the absolute-form target, else the Host header", () => {
    expect(targetPort("GET http://api.test:47812/v1/items?lab=x HTTP/1.1\r\nHost: api.test:47812")).toBe(47812);
    expect(targetPort("GET http://user:pw@api.test:8080/ HTTP/1.1")).toBe(8080);
    expect(targetPort("GET http://app.test/ HTTP/1.1")).toBe(80);
    expect(targetPort("GET /v1 HTTP/1.1\r\nhost: app.test:5000")).toBe(5000);
    expect(targetPort("GET /v1 HTTP/1.1")).toBeNull();
    expect(targetPort("GET http://app.test:99999/ HTTP/1.1")).toBeNull();
  });

  it("sends any host to the same port on 127.0.0.1, Host header kept, and resets on a closed port", {
    timeout: 20_000,
  }, async () => {
    const scenarios = loadScenarios();
    const lab = await start(scenarios, { ports: "ephemeral" });
    const proxy = await startHostProxy();
    const viaProxy = (url: string) =>
      new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
        const req = request({ host: "127.0.0.1", port: proxy.port, path: url, headers: { Host: new URL(url).host } });
        req.setTimeout(5_000, () => req.destroy(new Error("timeout")));
        req.on("response", (res) => {
          let body = "";
          res.on("data", (chunk) => {
            body += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
        req.end();
      });
    try {
      const index = await viaProxy(`http://app.test:${lab.ports.page}/`);
      expect(index).toMatchObject({ status: 200 });
      expect("body" in index && index.body).toContain("CORS Lab");
      expect(await viaProxy(`http://api.test:${lab.ports.closed}/v1/items`)).toEqual({ error: "ECONNRESET" });
    } finally {
      await proxy.close();
      await lab.close();
    }
  });
});

describe("WebKit's verdict from what the page saw and WebKit's console", () => {
  const scenarios = loadScenarios();
  const fetchScenario = scenarioById(scenarios, "acao-missing");
  const origin = "http://app.test:47811";
  const accessControl = ["Fetch API cannot load http://api.test:47812/v1/items due to access control checks."];

  it("blocked only with WebKit's access-control line, else a network error", () => {
    expect(outcomeOf(fetchScenario, { ok: false, error: "TypeError: Load failed" }, accessControl, [], origin)).toBe(
      "blocked",
    );
    const reset = ["Failed to load resource: Error receiving data: Connection reset by peer"];
    expect(outcomeOf(fetchScenario, { ok: false, error: "TypeError: Load failed" }, reset, [], origin)).toBe(
      "network-error",
    );
  });

  it("not-cors for no-cors and same-origin responses, allowed for a CORS response", () => {
    expect(outcomeOf(fetchScenario, { ok: true, type: "cors" }, [], [], origin)).toBe("allowed");
    expect(outcomeOf(fetchScenario, { ok: true, type: "basic" }, [], [], origin)).toBe("not-cors");
    expect(outcomeOf(fetchScenario, { ok: true, type: "opaque" }, [], [], origin)).toBe("not-cors");
    const xhr = scenarioById(scenarios, "xhr-acao-missing");
    expect(outcomeOf(xhr, { ok: true }, [], [`${origin}/v1/items`], origin)).toBe("not-cors");
    expect(outcomeOf(xhr, { ok: true }, [], ["http://api.test:47812/v1/items"], origin)).toBe("allowed");
  });

  it("does not run Local Network Access scenarios, and says why", () => {
    const lna = scenarios.filter((s) => s.group.startsWith("Local Network Access"));
    expect(lna.length).toBeGreaterThan(0);
    for (const scenario of lna) expect(notRunReason(scenario), scenario.id).toMatch(/Chromium/);
    expect(notRunReason(fetchScenario)).toBeNull();
  });
});

describe("known differences between WebKit and Chromium (the fuzzer's list)", () => {
  const scenarios = loadScenarios();
  const file = readEngineTruth("webkit");
  const rows = file ? compareWithChromium(file) : [];

  it("each is shown by its lab scenario in the recorded truth", () => {
    for (const known of KNOWN_WEBKIT_DIFFERENCES) {
      const row = rows.find((r) => r.id === known.scenario);
      expect(row, known.scenario).toBeDefined();
      if (!row) continue;
      expect(known.matches(scenarioById(scenarios, row.id), row.chromium.corsError, row.webkitConsole)).toBe(true);
    }
  });

  it("explains every lab scenario blocked for another reason, and nothing where the engines agree", () => {
    const another = rows.filter((r) => blockedForAnotherReason(r.chromium.corsError, r.webkitConsole));
    expect(another.map((r) => r.id).sort()).toEqual([
      "fuzz-preflight-credentials-before-status",
      "preflight-401-without-cors",
      "preflight-403-without-cors",
      "preflight-404-without-cors",
      "preflight-405-without-cors",
    ]);
    for (const row of another) {
      expect(
        knownWebKitDifference(scenarioById(scenarios, row.id), row.chromium.corsError, row.webkitConsole),
      ).toBeDefined();
    }
    const agreeing = rows.filter(
      (r) => r.chromium.outcome === r.webkitOutcome && !blockedForAnotherReason(r.chromium.corsError, r.webkitConsole),
    );
    expect(agreeing.length).toBeGreaterThan(100);
    for (const row of agreeing.filter((r) => r.chromium.outcome === "blocked")) {
      expect(
        knownWebKitDifference(scenarioById(scenarios, row.id), row.chromium.corsError, row.webkitConsole),
        row.id,
      ).toBeUndefined();
    }
  });
});
