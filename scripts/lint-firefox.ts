/**
 * `npm run lint:firefox`: Mozilla's add-on linter (web-ext lint, the checks addons.mozilla.org
 * runs) on the Firefox build in dist-firefox/. Fails on any error, and on any warning or notice
 * whose code is not explained in the README's Firefox section (listed below), so a new warning
 * cannot slip into CI unexplained.
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const SOURCE_DIR = join(ROOT, "dist-firefox");

/** Warning codes that are expected, each explained in README.md ("Firefox" section). */
const EXPLAINED = new Set(["UNSAFE_VAR_ASSIGNMENT"]);

interface LintMessage {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

interface LintReport {
  readonly summary: { readonly errors: number; readonly warnings: number; readonly notices: number };
  readonly errors: readonly LintMessage[];
  readonly warnings: readonly LintMessage[];
  readonly notices: readonly LintMessage[];
}

function fail(message: string): never {
  console.error(`lint:firefox: ${message}`);
  process.exit(1);
}

if (!existsSync(join(SOURCE_DIR, "manifest.json")))
  fail("dist-firefox/ has no build; run `npm run build:firefox` first");

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
for (const code of EXPLAINED) if (!readme.includes(code)) fail(`README.md does not explain the expected ${code}`);

const run = spawnSync(
  join(ROOT, "node_modules", ".bin", "web-ext"),
  ["lint", "--source-dir", SOURCE_DIR, "--output", "json", "--no-config-discovery", "--no-input"],
  { encoding: "utf8", timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
);
if (run.error) fail(`could not run web-ext: ${run.error.message}`);

let report: LintReport;
try {
  report = JSON.parse(run.stdout) as LintReport;
} catch {
  fail(`web-ext lint did not print JSON (exit ${run.status}):\n${run.stdout}${run.stderr}`);
}

const where = (m: LintMessage) => (m.file ? ` (${m.file}${m.line ? `:${m.line}` : ""})` : "");
const unexplained = [...report.warnings, ...report.notices].filter((m) => !EXPLAINED.has(m.code));
for (const m of report.errors) console.error(`error   ${m.code}: ${m.message}${where(m)}`);
for (const m of [...report.warnings, ...report.notices]) {
  const label = EXPLAINED.has(m.code) ? "warning (explained in README)" : "warning";
  console.log(`${label} ${m.code}: ${m.message}${where(m)}`);
}
const { errors, warnings, notices } = report.summary;
console.log(`web-ext lint on dist-firefox/: ${errors} errors, ${warnings} warnings, ${notices} notices`);
if (errors > 0) fail(`${errors} error(s)`);
if (unexplained.length > 0) {
  fail(
    `${unexplained.length} warning(s) or notice(s) not explained in README.md: ${unexplained.map((m) => m.code).join(", ")}`,
  );
}
