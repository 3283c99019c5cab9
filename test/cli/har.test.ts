import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliSync } from "./run-cli.js";

const SAMPLE = join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har");

const run = (...args: string[]) => runCliSync(args);

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-cli-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// Each test starts the CLI (a Node process): seconds on a loaded machine.
describe("cors-doctor har", { timeout: 60_000 }, () => {
  it("prints exactly one JSON object with one element per actual request, and exits 1 when something is blocked", () => {
    const { code, stdout } = run("har", SAMPLE, "--json");
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as { exchanges: Array<Record<string, unknown>> };
    expect(Object.keys(parsed)).toEqual(["exchanges"]);
    // 18 HAR entries = 13 requests + 4 preflights folded in + 1 redirect hop folded in.
    expect(parsed.exchanges).toHaveLength(13);
    for (const exchange of parsed.exchanges) {
      for (const key of [
        "url",
        "method",
        "verdict",
        "corsError",
        "failedParameter",
        "leg",
        "preflight",
        "causes",
        "warnings",
      ]) {
        expect(exchange).toHaveProperty(key);
      }
    }
    const pf404 = parsed.exchanges.find((e) => String(e.url).endsWith("/pf404"));
    expect(pf404).toMatchObject({
      method: "DELETE",
      verdict: "blocked",
      corsError: "PreflightMissingAllowOriginHeader",
      failedParameter: "",
      leg: "preflight",
      preflight: { url: "http://127.0.0.1:8782/pf404", status: 404 },
    });
    expect(pf404?.causes).toContain("PREFLIGHT_ROUTE_MISSING");
    const header = parsed.exchanges.find((e) => String(e.url).endsWith("/pfnoheaders"));
    expect(header).toMatchObject({
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "authorization",
    });
    // The HAR does not show whether the fetch sent credentials, and with them Chromium names the
    // preflight's missing Access-Control-Allow-Credentials first: stated beside the verdict.
    expect(header?.warnings).toContain("CREDENTIALS_MODE_UNKNOWN");
    expect(header?.alternatives).toEqual([
      {
        when: "with-credentials",
        verdict: "blocked",
        corsError: "PreflightInvalidAllowCredentials",
        failedParameter: "",
        leg: "preflight",
        hop: 0,
      },
    ]);
    expect(pf404?.alternatives).toEqual([]);
  });

  it("says in words when the error depends on the credentials mode", () => {
    const { stdout } = run("har", SAMPLE);
    expect(stdout).toMatch(
      /warning The error depends on the credentials mode: .*Chromium reports PreflightInvalidAllowCredentials on the preflight if the request was sent with credentials \(fetch's credentials: 'include'\), and HeaderDisallowedByPreflightResponse otherwise/,
    );
  });

  it("prints a human summary by default", () => {
    const { code, stdout } = run("har", SAMPLE);
    expect(code).toBe(1);
    expect(stdout).toContain("BLOCKED  DELETE http://127.0.0.1:8782/pf404  PreflightMissingAllowOriginHeader");
    expect(stdout).toContain("No route answers OPTIONS");
    expect(stdout).toMatch(/13 requests: 8 blocked, 2 allowed/);
  });

  it("answers the five questions with --explain", () => {
    const { stdout } = run("har", SAMPLE, "--explain");
    expect(stdout).toContain("What is my origin? http://127.0.0.1:8781");
    expect(stdout).toContain("Is a preflight triggered");
  });

  it("reads a pasted HAR (BOM, no-break-space indentation) and locates other JSON errors", () => {
    const text = readFileSync(SAMPLE, "utf8");
    const pasted = tempFile("pasted.har", `\ufeff${text.replace(/^( +)/gm, (s) => "\u00a0".repeat(s.length))}`);
    const read = run("har", pasted, "--json");
    expect(read.code).toBe(1);
    expect(JSON.parse(read.stdout).exchanges).toHaveLength(13);
    expect(read.stderr).toMatch(/note: .*no-break spaces/);
    const cut = run("har", tempFile("cut.har", text.slice(0, 500)));
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^cors-doctor: .*cut\.har is not JSON: line \d+, column \d+: .*cut off.*\n$/);
  });

  it("exits 0 when nothing is blocked", () => {
    const path = tempFile(
      "empty.har",
      JSON.stringify({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries: [] } }),
    );
    const { code, stdout } = run("har", path, "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ exchanges: [] });
  });

  it.each([
    [
      "a missing file",
      ["har", "/definitely/not/here.har"],
      /^cors-doctor: no such file: \/definitely\/not\/here\.har\n$/,
    ],
    ["a file that is not JSON", ["har", "NOTJSON"], /^cors-doctor: .* is not JSON: .*\n$/],
    ["JSON that is not HAR", ["har", "NOTHAR"], /^cors-doctor: .* is not a HAR document: .*\n$/],
    ["a directory", ["har", "DIR"], /^cors-doctor: .* is a directory, not a HAR file: only regular files are read\n$/],
  ])("exits 2 with one line and no stack trace for %s", (_, args, message) => {
    const resolved = args.map((a) =>
      a === "NOTJSON"
        ? tempFile("bad.har", "this is {not json\nat all")
        : a === "NOTHAR"
          ? tempFile("other.har", JSON.stringify({ hello: "world" }))
          : a === "DIR"
            ? tmpdir()
            : a,
    );
    const { code, stdout, stderr } = run(...resolved);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\bat .*\.(m?js|ts):\d+/);
  });

  it("exits 2 for a missing argument and 0 for --help", () => {
    expect(run("har").code).toBe(2);
    const help = run("har", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 nothing blocked, 1 something blocked, 2 unusable input");
  });

  it("diagnoses malformed entries as unknown without losing the good ones", () => {
    const har = JSON.parse(JSON.stringify({ log: { entries: [{ request: 5 }, null] } }));
    const path = tempFile("mixed.har", JSON.stringify(har));
    const { code, stdout } = run("har", path, "--json");
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { exchanges: Array<{ verdict: string; unknownReasons: string[] }> };
    expect(parsed.exchanges).toHaveLength(2);
    for (const e of parsed.exchanges) {
      expect(e.verdict).toBe("unknown");
      expect(e.unknownReasons).toContain("UNKNOWN_MALFORMED_ENTRY");
    }
  });
});

describe("cors-doctor har: the producer's advice and the request's mode", { timeout: 60_000 }, () => {
  const fixture = (name: string) => join(import.meta.dirname, "../fixtures/har", name);

  it("--explain gives a Playwright capture Playwright's advice, and every row its mode line", () => {
    const { stdout } = run("har", fixture("playwright-1.65-recordHar.har"), "--explain");
    expect(stdout).toContain("Playwright's recordHar does not record CORS preflights");
    expect(stdout).toContain("page.on('console')");
    expect(stdout).not.toContain("Reload the page with DevTools open");
    expect(stdout).toContain("· mode: cors — from _resourceType: fetch");
    // Not-CORS rows stay hidden without --all, mode line and all.
    expect(stdout).not.toContain("mode: navigate");
  });

  it("--explain --all shows a navigation's mode line, and why it is not CORS", () => {
    const { stdout } = run("har", fixture("proxy-fetch-metadata.har"), "--explain", "--all");
    expect(stdout).toContain("· mode: navigate — from Sec-Fetch-Mode: navigate");
    expect(stdout).toContain("· mode: no-cors — from Sec-Fetch-Mode: no-cors");
    expect(stdout).toContain("· mode: cors — from Sec-Fetch-Mode: cors");
  });

  it("--json gives every exchange its mode, where it came from and the line", () => {
    const { stdout } = run("har", fixture("safari-web-inspector.har"), "--json");
    const parsed = JSON.parse(stdout) as {
      exchanges: Array<{ method: string; url: string; mode: { value: string | null; source: string; text: string } }>;
    };
    const modes = parsed.exchanges.map((x) => [x.method, x.url, x.mode.value, x.mode.source, x.mode.text]);
    expect(modes).toContainEqual([
      "GET",
      "https://app.example/",
      "navigate",
      "sec-fetch-mode",
      "mode: navigate — from Sec-Fetch-Mode: navigate",
    ]);
    expect(modes).toContainEqual([
      "PUT",
      "https://api.example/v1/items/42",
      "cors",
      "method",
      "mode: cors — from the method PUT (only CORS allows it)",
    ]);
    const feed = parsed.exchanges.find((x) => x.url === "https://api.example/v1/feed");
    expect(feed?.mode).toMatchObject({ value: null, source: "unknown" });
    expect(feed?.mode.text).toMatch(/^mode: unknown — /);
  });
});

describe("cors-doctor har --fix and cors-doctor stacks", { timeout: 60_000 }, () => {
  const PF401 = join(import.meta.dirname, "../fixtures/lab/preflight-401-without-cors.json");

  function labHar(path: string): string {
    const fixture = JSON.parse(readFileSync(path, "utf8")) as { har: unknown };
    return tempFile("lab.har", JSON.stringify(fixture.har));
  }

  const HEADER_X = join(import.meta.dirname, "../fixtures/lab/header-x-custom.json");

  /** Two lab recordings in one capture: both blocked, both to the same API server. */
  function twoRequestsHar(): string {
    const entries = [PF401, HEADER_X].flatMap((path) => {
      const { har } = JSON.parse(readFileSync(path, "utf8")) as { har: { log: { entries: unknown[] } } };
      return har.log.entries;
    });
    const { har } = JSON.parse(readFileSync(PF401, "utf8")) as { har: { log: Record<string, unknown> } };
    return tempFile("two.har", JSON.stringify({ log: { ...har.log, entries } }));
  }

  it("prints one fix per server, after the requests, for a chosen stack", () => {
    const { code, stdout } = run("har", labHar(PF401), "--fix", "nginx");
    expect(code).toBe(1);
    expect(stdout).toContain("Fixes, one per server (1):");
    expect(stdout).toContain("fix nginx, verified on a real server");
    expect(stdout).toContain('add_header Access-Control-Allow-Origin "http://app.test:47811" always;');
    expect(stdout).toContain("return 204;");
  });

  it("merges every request to a server into one fix that covers them all", () => {
    const { stdout } = run("har", twoRequestsHar(), "--fix", "express");
    expect(stdout.match(/fix Express \(cors\)/g)).toHaveLength(1);
    expect(stdout).toMatch(/covers 2 requests: /);
    const json = JSON.parse(run("har", twoRequestsHar(), "--json", "--fix", "express").stdout) as {
      fixes: Array<{ server: string; policy: { headers: string[]; methods: string[] }; snippet: string }>;
    };
    expect(json.fixes).toHaveLength(1);
    const [fix] = json.fixes;
    // The union of both requests' needs, in one snippet.
    expect(fix?.policy.headers).toEqual(expect.arrayContaining(["authorization", "x-request-id"]));
    expect(fix?.snippet).toContain("x-request-id");
  });

  it("adds one element per server to --json output as fixes", () => {
    const { stdout } = run("har", labHar(PF401), "--json", "--fix", "express");
    const parsed = JSON.parse(stdout) as {
      exchanges: Array<{ verdict: string; fix: { clientChanges: unknown[]; lint: unknown[] } | null }>;
      fixes: Array<Record<string, unknown>>;
    };
    const blocked = parsed.exchanges.find((e) => e.verdict === "blocked");
    expect(blocked?.fix?.lint).toBeDefined();
    expect(parsed.fixes).toHaveLength(1);
    const fix = parsed.fixes[0] ?? {};
    expect(Object.keys(fix)).toEqual(
      expect.arrayContaining(["server", "stack", "detected", "verified", "layer", "policy", "snippet", "why"]),
    );
    expect(fix).toMatchObject({ stack: "express", detected: false, verified: true, layer: "unknown" });
    expect(fix.policy).toMatchObject({ origins: ["http://app.test:47811"], maxAge: 600 });
    expect(fix.snippet).toContain('"http://app.test:47811"');
  });

  it("says plainly when the stack is not recognised: the headers first, no Express fallback", () => {
    const { stdout } = run("har", labHar(PF401), "--fix", "auto");
    expect(stdout).toContain("server stack not recognised");
    expect(stdout).toContain("Access-Control-Allow-Origin: http://app.test:47811");
    expect(stdout).not.toContain("Express");
    expect(stdout).not.toContain("verified on a real server");
    const json = JSON.parse(run("har", labHar(PF401), "--json", "--fix", "auto").stdout) as {
      fixes: Array<{ stack: string | null; detected: boolean; verified: boolean; snippet: string | null }>;
    };
    expect(json.fixes[0]).toMatchObject({ stack: null, detected: false, verified: false, snippet: null });
  });

  it("rejects an unknown stack with a one-line usage error", () => {
    const { code, stderr } = run("har", SAMPLE, "--fix", "cobol");
    expect(code).toBe(2);
    expect(stderr).toContain("cobol");
    expect(stderr).not.toMatch(/\bat .*\.(m?js|ts):\d+/);
  });

  it("lists the stacks and which are verified", () => {
    const text = run("stacks");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/express\s+verified\s+Express \(cors\)/);
    // An emulator is said so; a stack that is not verified says why.
    expect(text.stdout).toMatch(/s3\s+emulator\s+Amazon S3/);
    expect(text.stdout).toMatch(/kong\s+not verified\s+Kong.*: .+/);
    const json = JSON.parse(run("stacks", "--json").stdout) as {
      stacks: Array<{ id: string; verified: boolean | "emulator"; notVerifiedReason?: string | null }>;
    };
    expect(json.stacks.find((s) => s.id === "express")?.verified).toBe(true);
    expect(json.stacks.find((s) => s.id === "s3")?.verified).toBe("emulator");
    for (const stack of json.stacks.filter((s) => s.verified === false)) {
      expect(stack.notVerifiedReason, stack.id).toMatch(/\w/);
    }
    expect(json.stacks.length).toBeGreaterThanOrEqual(2);
  });
});

describe("cors-doctor har --report", { timeout: 60_000 }, () => {
  const CANARIES = join(import.meta.dirname, "../fixtures/har/canaries.har");

  it.each(["md", "html", "json"])("writes a redacted %s report to a file and exits by the verdicts", (format) => {
    const output = join(mkdtempSync(join(tmpdir(), "cors-doctor-report-")), `report.${format}`);
    const { code, stdout } = run("har", CANARIES, "--report", format, "-o", output);
    expect(code).toBe(1);
    expect(stdout).toContain(`report written to ${output}`);
    const text = readFileSync(output, "utf8");
    expect(text).toContain("PreflightWildcardOriginNotAllowed");
    expect(text).not.toContain("CANARY_");
  });

  it("includes secrets and bodies only when asked", () => {
    const secrets = run("har", CANARIES, "--report", "json", "--include-secrets").stdout;
    expect(secrets).toContain("CANARY_AUTHORIZATION");
    expect(secrets).not.toContain("CANARY_RESPONSE_BODY");
    const bodies = run("har", CANARIES, "--report", "json", "--include-bodies").stdout;
    expect(bodies).toContain("CANARY_RESPONSE_BODY");
    expect(bodies).not.toContain("CANARY_AUTHORIZATION");
  });

  it("reports an unwritable output path in one line", () => {
    const { code, stderr } = run("har", CANARIES, "--report", "md", "-o", "/definitely/not/a/dir/report.md");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cors-doctor: cannot write \/definitely\/not\/a\/dir\/report\.md: .*\n$/);
  });

  it("keeps the CLI version equal to package.json's", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(run("--version").stdout.trim()).toBe(pkg.version);
  });
});
