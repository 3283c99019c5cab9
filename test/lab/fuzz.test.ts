/**
 * The fuzzer's parts without a browser: option parsing, the grammar (valid, deterministic,
 * prefix-stable, covering what it promises), the minimizer's candidates and search, the judge on
 * committed lab fixtures, and the known-bug list.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFuzzArgs } from "../../lab/fuzz/cli-args.js";
import { generateScenarios } from "../../lab/fuzz/grammar.js";
import { judge } from "../../lab/fuzz/judge.js";
import { KNOWN_BUGS, knownBug } from "../../lab/fuzz/known.js";
import { candidates, minimize } from "../../lab/fuzz/minimize.js";
import { judgeSavedRuns } from "../../lab/fuzz/saved-runs.js";
import type { Fixture } from "../../lab/harness.js";
import { FIXTURE_DIR, loadScenarios, type Scenario, scenarioById, validateScenario } from "../../lab/scenario.js";

const fixture = (id: string) => JSON.parse(readFileSync(join(FIXTURE_DIR, `${id}.json`), "utf8")) as Fixture;

describe("truth:fuzz options", () => {
  const parse = (...argv: string[]) => parseFuzzArgs(argv, () => 42);

  it("reads seed, count and flags, with defaults", () => {
    expect(parse("--seed", "7", "--count", "5", "--json")).toEqual({
      ok: true,
      args: expect.objectContaining({ seed: 7, count: 5, json: true, minimizeRuns: 40, strict: false }),
    });
    expect(parse()).toEqual({
      ok: true,
      args: expect.objectContaining({ seed: 42, count: 100, json: false, engine: "chromium" }),
    });
  });

  it("runs a smaller batch against Firefox by default", () => {
    expect(parse("--engine", "firefox")).toEqual({
      ok: true,
      args: expect.objectContaining({ engine: "firefox", count: 30 }),
    });
    expect(parse("--engine", "firefox", "--count", "5")).toEqual({
      ok: true,
      args: expect.objectContaining({ engine: "firefox", count: 5 }),
    });
  });

  it.each([
    [["--seed", "x"], /--seed must be a whole number/],
    [["--seed", "-1"], /--seed/],
    [["--count", "0"], /--count must be between 1 and 100000/],
    [["--minimize-runs", "501"], /--minimize-runs/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["stray"], /positional/],
    [["--engine", "safari"], /--engine must be one of chromium, firefox, webkit, got "safari"/],
    [["--engine", "firefox", "--save", "runs.jsonl"], /cannot be combined with --engine firefox/],
  ])("refuses %j", (argv, message) => {
    const parsed = parse(...argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("the scenario grammar", () => {
  const scenarios = generateScenarios(20261207, 400);

  it("makes valid lab scenarios", () => {
    expect(scenarios.flatMap((s) => validateScenario(s))).toEqual([]);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it("is deterministic and prefix-stable for a seed, and differs between seeds", () => {
    expect(generateScenarios(20261207, 400)).toEqual(scenarios);
    expect(generateScenarios(20261207, 25)).toEqual(scenarios.slice(0, 25));
    expect(JSON.stringify(generateScenarios(1, 25).map((s) => s.request))).not.toEqual(
      JSON.stringify(scenarios.slice(0, 25).map((s) => s.request)),
    );
  });

  it("covers the promised space", () => {
    const some = (test: (s: Scenario) => boolean) => scenarios.some(test);
    const lines = (s: Scenario) =>
      s.routes.flatMap((r) => [...(r.preflight?.headers ?? []), ...(r.actual?.headers ?? [])]);
    expect(new Set(scenarios.map((s) => new URL(s.page.replace("{page}", "1")).hostname))).toEqual(
      new Set(["app.test", "www.app.test", "localhost", "127.0.0.1"]),
    );
    expect(some((s) => s.request.api === "xhr")).toBe(true);
    expect(some((s) => s.request.mode === "no-cors")).toBe(true);
    expect(some((s) => /[a-z]/.test(s.request.method))).toBe(true);
    expect(some((s) => s.request.credentials === "include")).toBe(true);
    expect(some((s) => (s.request.headers ?? []).some(([, v]) => v.length > 128))).toBe(true);
    expect(some((s) => lines(s).filter(([n]) => n.toLowerCase() === "access-control-allow-origin").length > 1)).toBe(
      true,
    );
    expect(
      some((s) => lines(s).some(([n, v]) => n.toLowerCase() === "access-control-allow-origin" && v === "null")),
    ).toBe(true);
    expect(some((s) => lines(s).some(([n]) => n === "ACCESS-CONTROL-ALLOW-METHODS"))).toBe(true);
    expect(some((s) => [301, 302, 303, 307, 308].includes(s.routes[0]?.preflight?.status ?? 0))).toBe(true);
    expect(
      some((s) => [301, 302, 303, 307, 308].includes(s.routes[0]?.actual?.status ?? 0) && s.routes.length === 2),
    ).toBe(true);
  });
});

describe("the minimizer", () => {
  const big = generateScenarios(20261207, 60).find(
    (s) => s.routes.length === 2 && (s.request.headers ?? []).length > 1,
  ) as Scenario;

  it("offers only smaller, valid candidates", () => {
    const size = (s: Scenario) => JSON.stringify(s).length;
    const list = candidates(big);
    expect(list.length).toBeGreaterThan(5);
    for (const c of list) {
      expect(validateScenario(c)).toEqual([]);
      expect(size(c)).toBeLessThanOrEqual(size(big));
    }
  });

  it("shrinks to what the predicate needs, within its budget", async () => {
    const header = (big.request.headers ?? [])[0]?.[0] as string;
    const needsHeader = async (s: Scenario) => (s.request.headers ?? []).some(([n]) => n === header);
    const result = await minimize(big, needsHeader, 500);
    expect(result.scenario.request.headers).toEqual([(big.request.headers ?? [])[0]]);
    expect(result.scenario.routes).toHaveLength(1);
    expect(result.scenario.routes[0]?.actual?.headers ?? []).toEqual([]);
    const capped = await minimize(big, needsHeader, 3);
    expect(capped.runs).toBe(3);
  });
});

describe("the judge (engine from the HAR vs Chromium's CDP verdict)", () => {
  it("agrees on a catalogue scenario the engine gets right", () => {
    expect(judge(fixture("acao-missing")).map((j) => j.agree)).toEqual([true]);
  });

  it("finds the known disagreements, and the known-bug list explains them", () => {
    for (const id of ["fuzz-long-content-language-header-order"]) {
      const [j] = judge(fixture(id));
      expect(j?.agree, id).toBe(false);
      expect(knownBug(scenarioById(loadScenarios(), id), j?.engine ?? null, j?.chromium ?? {}), id).toBeDefined();
    }
  });

  it("agrees when Chromium's answer is an alternative the engine states (the credentials mode HAR lacks)", () => {
    for (const id of [
      "fuzz-preflight-credentials-before-method",
      "fuzz-preflight-credentials-before-status",
      "fuzz-credentialed-redirect-with-userinfo",
    ]) {
      const [j] = judge(fixture(id));
      expect(j?.engine?.corsError, id).not.toBe(j?.chromium.corsError);
      expect(j?.alternatives, id).toContainEqual(j?.chromium);
      expect(j?.agree, id).toBe(true);
    }
  });

  it("counts the engine's unknown as abstaining, not as a wrong answer", () => {
    const [j] = judge(fixture("redirect-mode-error"));
    expect(j).toMatchObject({ agree: false, abstained: true });
  });

  it("no longer disagrees on the no-cors scenarios it found (issue 11): one agrees, one abstains", () => {
    expect(judge(fixture("fuzz-no-cors-post-json-204"))[0]).toMatchObject({ agree: true });
    // The entry cannot show the mode (see lab/expectations.json): unknown, never "allowed".
    expect(judge(fixture("fuzz-no-cors-post-acao-matches"))[0]).toMatchObject({ agree: false, abstained: true });
  });

  it("names a lab scenario for every known bug", () => {
    const ids = new Set(loadScenarios().map((s) => s.id));
    for (const bug of KNOWN_BUGS) expect(ids.has(bug.scenario), bug.scenario).toBe(true);
  });
});

describe("saved runs (--save, then --judge without a browser)", () => {
  const savedLine = (id: string, change?: (f: Fixture) => Fixture) => {
    const f = fixture(id);
    const scenario = scenarioById(loadScenarios(), id);
    const changed = change ? change(f) : f;
    return JSON.stringify({ scenario, fixture: { har: changed.har, truth: changed.truth, lab: changed.lab } });
  };
  const withFile = async (lines: string[], body: (path: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), "saved-runs-"));
    try {
      const path = join(dir, "runs.jsonl");
      writeFileSync(path, `${lines.join("\n")}\n`);
      await body(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("judges each saved run again, as the live run would", async () => {
    await withFile([savedLine("acao-missing"), savedLine("allowed-exact-origin-with-credentials")], async (path) => {
      const report = await judgeSavedRuns(path);
      expect(report).toEqual({ seed: 0, scenarios: 2, disagreements: [] });
    });
  });

  it("reports a run whose truth the engine does not match", async () => {
    const tampered = savedLine("acao-missing", (f) => ({
      ...f,
      truth: f.truth.map((t) => ({ ...t, outcome: "allowed", corsError: null, failedParameter: null })),
    }));
    await withFile([savedLine("acao-missing"), tampered], async (path) => {
      const log: string[] = [];
      const report = await judgeSavedRuns(path, { log: (m) => log.push(m) });
      expect(report.scenarios).toBe(2);
      expect(report.disagreements).toHaveLength(1);
      expect(report.disagreements[0]).toMatchObject({
        engine: { verdict: "blocked", corsError: "MissingAllowOriginHeader" },
        chromium: { verdict: "allowed", corsError: null },
      });
      expect(log.join("\n")).toMatch(/1 × blocked\/MissingAllowOriginHeader vs allowed\/-/);
    });
  });

  it("names the line of anything that is not a saved run", async () => {
    await withFile([savedLine("acao-missing"), '{"scenario": 1}'], async (path) => {
      await expect(judgeSavedRuns(path)).rejects.toThrow(/runs\.jsonl:2: not a saved fuzz run/);
    });
  });

  it("refuses --judge together with --replay or --save", () => {
    const parsed = parseFuzzArgs(["--judge", "a.jsonl", "--save", "b.jsonl"], () => 1);
    expect(parsed).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be combined/) });
  });
});
