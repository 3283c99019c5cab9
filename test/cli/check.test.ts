/**
 * `cors-doctor har --emit-policy` and `cors-doctor check`, run as a user runs them (the built CLI),
 * against real servers on 127.0.0.1: a correct CORS configuration, one too narrow, one that
 * reflects every origin, none at all (a closed port), and broken policy files.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** The lab capture behind the policy: a PUT from http://app.test:47811 with Authorization and Content-Type. */
const LAB_FIXTURE = join(import.meta.dirname, "../fixtures/lab/acah-space-separated.json");
const CAPTURED_SERVER = "http://api.test:47812";
const PAGE = "http://app.test:47811";

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

/** The server's CORS answer: for its allowed origins only, or (reflect) for anyone. */
function corsServer(options: { allowHeaders: string; reflect: boolean }): Answer {
  return (req, res) => {
    const origin = req.headers.origin;
    const trusted = origin !== undefined && (options.reflect || origin === PAGE);
    const cors: Record<string, string> = trusted
      ? {
          "Access-Control-Allow-Origin": origin,
          Vary: "Origin",
          ...(options.reflect ? { "Access-Control-Allow-Credentials": "true" } : {}),
        }
      : { Vary: "Origin" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...cors,
        ...(trusted
          ? { "Access-Control-Allow-Methods": "GET, PUT", "Access-Control-Allow-Headers": options.allowHeaders }
          : {}),
      });
      res.end();
      return;
    }
    res.writeHead(200, { ...cors, "Content-Type": "application/json" });
    res.end('{"ok":true}');
  };
}

async function listen(answer: Answer): Promise<{ server: Server; url: string }> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface CheckJson {
  holds: boolean;
  totals: { rules: number; holds: number; violations: number; noAnswer: number };
  results: Array<{
    server: string;
    url: string;
    kind: "allow" | "block";
    rule: { origin: string; method: string; path: string; headers: string[]; credentials: boolean; class?: string };
    outcome: string;
    verdict: string | null;
    corsError: string | null;
    failedParameter: string | null;
    severity: string | null;
    headline: string | null;
    explanation: string | null;
  }>;
}

describe("cors-doctor check against real servers", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-check-"));
  const policyFile = join(dir, "cors-policy.json");
  // The lab fixture holds the HAR Chromium recorded; the CLI reads it as the .har file it was.
  const HAR = join(dir, "capture.har");
  writeFileSync(HAR, JSON.stringify((JSON.parse(readFileSync(LAB_FIXTURE, "utf8")) as { har: unknown }).har));
  const servers: Server[] = [];
  let correct = "";
  let narrow = "";
  let reflecting = "";
  let closed = "";

  beforeAll(async () => {
    for (const [answer, set] of [
      [corsServer({ allowHeaders: "authorization, content-type", reflect: false }), (u: string) => (correct = u)],
      [corsServer({ allowHeaders: "content-type", reflect: false }), (u: string) => (narrow = u)],
      [corsServer({ allowHeaders: "authorization, content-type", reflect: true }), (u: string) => (reflecting = u)],
    ] as const) {
      const { server, url } = await listen(answer);
      servers.push(server);
      set(url);
    }
    // A port nothing listens on: listen, note it, close.
    const gone = await listen(() => {});
    closed = gone.url;
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (base: string, ...extra: string[]) =>
    runCli(["check", policyFile, "--base-url", `${CAPTURED_SERVER}=${base}`, "--timeout", "3000", ...extra]);

  it("har --emit-policy -o writes a policy from the capture", async () => {
    const { code, stdout, stderr } = await runCli(["har", HAR, "--emit-policy", "-o", policyFile]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote .*cors-policy\.json: 1 server, 1 request to allow, \d+ origins to keep blocked\./);
    const policy = JSON.parse(readFileSync(policyFile, "utf8"));
    expect(policy.$schema).toBe("https://unpkg.com/cors-doctor/schemas/cors-policy.schema.json");
    expect(policy.capture).toEqual({ file: "capture.har", producer: "chromium" });
    expect(policy.servers[0].allow[0]).toMatchObject({ origin: PAGE, method: "PUT", path: "/v1/items/42" });
  });

  it("a capture without cross-origin requests: an empty policy, and a note saying so", async () => {
    const sameOrigin = join(dir, "same-origin.har");
    writeFileSync(
      sameOrigin,
      JSON.stringify({ log: { version: "1.2", creator: { name: "x", version: "1" }, entries: [] } }),
    );
    const { code, stdout, stderr } = await runCli(["har", sameOrigin, "--emit-policy"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).servers).toEqual([]);
    expect(stderr).toContain("the policy has no rules");
  });

  it("--emit-policy without -o prints the policy; with --json it is refused", async () => {
    const printed = await runCli(["har", HAR, "--emit-policy"]);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout).version).toBe(1);
    const refused = await runCli(["har", HAR, "--emit-policy", "--json"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--emit-policy cannot be combined with --json");
  });

  it("a correct configuration: the policy holds, exit 0", async () => {
    const { code, stdout } = await check(correct);
    expect(stdout).toContain(`${CAPTURED_SERVER} → ${correct}`);
    expect(stdout).toMatch(/The policy holds: \d+ rules checked\./);
    expect(code).toBe(0);
  });

  it("too narrow (Authorization not allowed): needed-but-blocked with the engine's diagnosis, exit 1", async () => {
    const text = await check(narrow);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "must be allowed: PUT /v1/items/42 from http://app.test:47811 with authorization, content-type",
    );
    expect(text.stdout).toContain("needed, but the browser would block it");
    expect(text.stdout).toContain("HeaderDisallowedByPreflightResponse");

    const { code, stdout } = await check(narrow, "--json");
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.holds).toBe(false);
    const failed = json.results.filter((r) => r.outcome !== "holds");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      kind: "allow",
      outcome: "needed-but-blocked",
      verdict: "blocked",
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "authorization",
      url: `${narrow}/v1/items/42`,
      severity: null,
    });
    expect(failed[0]?.headline).toContain("Request header not allowed by the preflight");
    expect(failed[0]?.explanation).toContain('"authorization"');
  });

  it("reflecting every origin with credentials: each foreign origin let through, with the audit's severity, exit 1", async () => {
    const { code, stdout } = await check(reflecting, "--json");
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as CheckJson;
    const allowed = json.results.filter((r) => r.kind === "allow");
    expect(allowed.every((r) => r.outcome === "holds")).toBe(true);
    const leaks = json.results.filter((r) => r.outcome === "must-be-blocked-but-allowed");
    expect(leaks.length).toBe(json.results.filter((r) => r.kind === "block").length);
    const arbitrary = leaks.find((r) => r.rule.class === "arbitrary-origin");
    expect(arbitrary).toMatchObject({ severity: "high", verdict: "allowed" });
    expect(arbitrary?.headline).toContain("Any origin is reflected");
    expect(leaks.find((r) => r.rule.origin === "null")?.severity).toBe("high");
    // http-trusted is rated lower by the audit, even with credentials.
    expect(json.totals).toMatchObject({ violations: leaks.length, noAnswer: 0 });

    const text = await check(reflecting);
    expect(text.stdout).toContain(
      "HIGH  must stay blocked: PUT /v1/items/42 from null with authorization, content-type",
    );
  });

  it("a server that does not answer: exit 2, and it is not asked again", async () => {
    const { code, stdout } = await check(closed, "--json");
    expect(code).toBe(2);
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.results[0]?.outcome).toBe("no-answer");
    expect(json.results.slice(1).every((r) => r.outcome === "skipped")).toBe(true);
    expect(json.totals.noAnswer).toBe(json.totals.rules);
    const text = await check(closed);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("Could not check the policy");
  });

  it("a server that accepts and never answers: each request ends at --timeout, the rest are not sent", async () => {
    const held: ServerResponse[] = [];
    const { server, url } = await listen((_req, res) => {
      held.push(res);
    });
    try {
      const { code, stdout } = await check(url, "--json", "--timeout", "500");
      expect(code).toBe(2);
      const json = JSON.parse(stdout) as CheckJson;
      expect(json.results[0]).toMatchObject({ outcome: "no-answer", verdict: "network-error" });
      expect(json.results[0]?.headline).toContain("no answer from the server");
      // One request was held; the other rules were skipped, not each waited out.
      expect(held).toHaveLength(1);
      expect(json.results.filter((r) => r.outcome === "skipped")).toHaveLength(json.results.length - 1);
    } finally {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("without --base-url the rules go to the captured server itself", async () => {
    const handWritten = join(dir, "hand-written.json");
    writeFileSync(
      handWritten,
      JSON.stringify({
        version: 1,
        capture: { file: "by hand", producer: "none" },
        servers: [
          {
            server: correct,
            anyOrigin: false,
            allow: [{ origin: PAGE, method: "GET", path: "/items", headers: ["x-request-id"], credentials: false }],
            block: [
              { origin: "null", class: "null-origin", method: "GET", path: "/items", headers: [], credentials: false },
            ],
          },
        ],
      }),
    );
    const { code, stdout } = await runCli(["check", handWritten, "--json", "--timeout", "3000"]);
    const json = JSON.parse(stdout) as CheckJson;
    // The correct server allows authorization and content-type, not x-request-id.
    expect(json.results.map((r) => [r.kind, r.outcome, r.url])).toEqual([
      ["allow", "needed-but-blocked", `${correct}/items`],
      ["block", "holds", `${correct}/items`],
    ]);
    expect(code).toBe(1);
  });

  it("--junit writes one testcase per rule, failures with the diagnosis, text escaped", async () => {
    const oddName = join(dir, "a&b<c>.json");
    writeFileSync(oddName, readFileSync(policyFile));
    const junit = join(dir, "check.xml");
    const { code } = await runCli([
      "check",
      oddName,
      "--base-url",
      `${CAPTURED_SERVER}=${narrow}`,
      "--timeout",
      "3000",
      "--junit",
      junit,
    ]);
    expect(code).toBe(1);
    const xml = readFileSync(junit, "utf8");
    const rules = JSON.parse(readFileSync(policyFile, "utf8")).servers[0];
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cors-doctor check ')).toBe(true);
    expect(xml).toContain("a&amp;b&lt;c&gt;.json");
    expect(xml.match(/<testcase /g)).toHaveLength(rules.allow.length + rules.block.length);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('type="needed-but-blocked"');
    expect(xml).toContain("HeaderDisallowedByPreflightResponse");
    expect(xml).toMatch(/<testsuite name="http:\/\/api\.test:47812" tests="\d+" failures="1" errors="0"/);
    // Every attribute value is quoted text without a raw <, & or ".
    for (const [, value] of xml.matchAll(/="([^"]*)"/g)) expect(value).not.toMatch(/[<&](?!amp;|lt;|gt;|quot;|apos;)/);
  });

  it("bad input: exit 2 with one line, never a stack trace", async () => {
    const notJson = join(dir, "not-json.json");
    writeFileSync(notJson, "{ nope");
    const badSchema = join(dir, "bad-schema.json");
    const policy = JSON.parse(readFileSync(policyFile, "utf8"));
    policy.servers[0].allow[0].path = "/items?token=secret";
    writeFileSync(badSchema, JSON.stringify(policy));
    const emptyPolicy = join(dir, "empty.json");
    writeFileSync(
      emptyPolicy,
      JSON.stringify({ version: 1, capture: { file: "x.har", producer: "chromium" }, servers: [] }),
    );
    const cases: Array<[string[], RegExp]> = [
      [["check", join(dir, "missing.json")], /no such file/],
      [["check", notJson], /is not JSON/],
      [["check", badSchema], /not a CORS Doctor policy .*servers\.0\.allow\.0\.path/],
      [
        ["check", policyFile, "--base-url", "https://elsewhere.example=http://127.0.0.1:1"],
        /not a server of the policy/,
      ],
      [["check", policyFile, "--base-url", "no-equals-sign"], /--base-url must look like/],
      [["check", policyFile, "--timeout", "0"], /--timeout must be/],
      [["check", emptyPolicy], /has no rules to check/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe("");
    }
  });
});
