/**
 * The published package, as a user gets it: `npm pack`, the tarball installed into an empty folder
 * from the registry, the library imported by a plain .mjs script there, its types compiled, and the
 * CLI run from its node_modules/.bin. Slow (an npm install): one test.
 *
 * The pack skips `prepare` (the builds): rebuilding build/cli while other test files run the CLI
 * could hand them a half-written bundle. `npm test` builds first; the test refuses a stale build.
 */

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "test/fixtures/har/chromium-156-sample.har");
const work = mkdtempSync(join(tmpdir(), "cors-doctor-pack-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command to its end. */
function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The newest modification time of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

/** Fails with what to run when a bundle is missing or older than the sources. */
function expectFreshBuild(): void {
  const sources = newestMtime(join(ROOT, "src"));
  for (const output of ["build/cli/cors-doctor.mjs", "build/lib/index.js", "build/lib/types/lib/index.d.ts"]) {
    const path = join(ROOT, output);
    const fresh = existsSync(path) && statSync(path).mtimeMs >= sources;
    expect(fresh, `${output} is missing or older than src/: run npm run build:cli && npm run build:lib`).toBe(true);
  }
}

const SCRIPT = `
import { readFileSync } from "node:fs";
import { diagnoseHar, diagnoseExchange, explainCorsError, generateFix, parseConsoleMessages } from "cors-doctor";

const har = JSON.parse(readFileSync(process.argv[2], "utf8"));
const report = diagnoseHar(har);
const entries = (har.log ?? har).entries.filter((e) => e.request.url.endsWith("/pfnoheaders"));
const diagnosis = diagnoseExchange(entries);
const fix = generateFix(entries, "express", diagnosis);
const [consoleError] = parseConsoleMessages(
  "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: " +
    "Request header field x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.",
);
const words = explainCorsError(consoleError.corsError, consoleError.failedParameter).text;
process.stdout.write(JSON.stringify({ report, verdict: diagnosis.verdict, snippet: fix?.fix?.snippet, consoleError, words }));
`;

describe("the packed package", () => {
  it("installs from its tarball; the library imports and the CLI runs", { timeout: 300_000 }, () => {
    const packDir = join(work, "pack");
    const appDir = join(work, "app");
    mkdirSync(packDir);
    mkdirSync(appDir);
    expectFreshBuild();
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", packDir, "--silent"], {
      cwd: ROOT,
      stdio: "pipe",
    });
    const tarballs = readdirSync(packDir).filter((name) => name.endsWith(".tgz"));
    expect(tarballs).toHaveLength(1);
    const tarball = join(packDir, tarballs[0] as string);

    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(listing).toContain("package/build/lib/index.js");
    expect(listing).toContain("package/build/lib/types/lib/index.d.ts");
    expect(listing).toContain("package/build/cli/cors-doctor.mjs");
    expect(listing.some((path) => path.startsWith("package/src/"))).toBe(false);

    writeFileSync(join(appDir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    // --ignore-scripts: what a user gets must work without running the package's own scripts.
    const install = run(
      "npm",
      ["install", tarball, "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"],
      appDir,
    );
    expect(install.code, install.stderr).toBe(0);

    writeFileSync(join(appDir, "check.mjs"), SCRIPT);
    const script = run(process.execPath, ["check.mjs", FIXTURE], appDir);
    expect(script.code, script.stderr).toBe(0);
    const result = JSON.parse(script.stdout);
    expect(result.report.exchanges.find((x: { url: string }) => x.url.endsWith("/pfnoheaders"))).toMatchObject({
      verdict: "blocked",
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "authorization",
      leg: "preflight",
    });
    expect(result.verdict).toBe("blocked");
    expect(result.snippet).toMatch(/authorization/i);
    expect(result.words).toMatch(/request header "x-request-id".*Access-Control-Allow-Headers does not list it/);
    expect(result.consoleError).toMatchObject({
      corsError: "HeaderDisallowedByPreflightResponse",
      failedParameter: "x-request-id",
    });

    // The types, as a TypeScript user with Node's own module resolution gets them.
    writeFileSync(
      join(appDir, "check-types.ts"),
      `import { diagnoseHar, type HarExchangeJson, type Verdict } from "cors-doctor";
const first: HarExchangeJson | undefined = diagnoseHar("{}").exchanges[0];
const verdict: Verdict | undefined = first?.verdict;
// @ts-expect-error: a verdict is one of five words
const wrong: Verdict = "maybe";
export { verdict, wrong };
`,
    );
    const types = run(
      process.execPath,
      [
        join(ROOT, "node_modules/typescript/bin/tsc"),
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--types",
        "",
        "check-types.ts",
      ],
      appDir,
    );
    expect(types.code, types.stdout + types.stderr).toBe(0);

    // The CLI from the installed package: exit code 1 (something blocked), the same JSON.
    const cli = run(join(appDir, "node_modules/.bin/cors-doctor"), ["har", FIXTURE, "--json"], appDir);
    expect(cli.code, cli.stderr).toBe(1);
    expect(JSON.parse(cli.stdout)).toStrictEqual(result.report);
  });
});
