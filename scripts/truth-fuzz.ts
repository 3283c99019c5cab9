/**
 * `npm run -s truth:fuzz -- --seed <n> --count <m> [--json] [--minimize-runs <k>] [--replay <file>] [--save <runs.jsonl>]`
 * `npm run -s truth:fuzz -- --judge <runs.jsonl> [--json]` (saved runs judged again, no browser)
 * `npm run -s truth:fuzz -- --engine firefox [--seed <n>] [--count <m>] [--replay <file>] [--json]`
 *   (each scenario in Chromium and Firefox ESR; with --json one object `{ "seed", "engine",
 *   "scenarios", "errors", "disagreements": { "firefox": [...], "engine": [...] } }`)
 *
 * Differential fuzzing of the engine against Debian's Chromium (lab/fuzz/, lab/README.md). Exit 0:
 * no disagreement; 1: at least one; 2: bad input. With --json, stdout holds exactly one JSON object
 * `{ "seed", "scenarios", "disagreements": [{ "scenario", "engine", "chromium" }] }`; progress goes
 * to stderr (`npm run -s` keeps npm's own banner off stdout).
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST_PATH, REPO_ROOT } from "../lab/browser.js";
import { parseFuzzArgs, USAGE } from "../lab/fuzz/cli-args.js";
import { type EnginesFuzzReport, fuzzFirefox } from "../lab/fuzz/engines.js";
import { type FuzzReport, fuzz } from "../lab/fuzz/run.js";
import { judgeSavedRuns } from "../lab/fuzz/saved-runs.js";
import { type Scenario, validateScenario } from "../lab/scenario.js";

function fail(message: string): never {
  process.stderr.write(`truth:fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readReplay(path: string): Scenario[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const wrapped = (raw as { scenarios?: unknown })?.scenarios;
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(wrapped) ? wrapped : [raw];
  const problems = list.flatMap((item) => validateScenario(item));
  if (list.length === 0) problems.push("no scenarios");
  if (problems.length > 0) fail(`${path} holds invalid scenarios:\n  ${problems.join("\n  ")}`);
  return list as Scenario[];
}

const parsed = parseFuzzArgs(process.argv.slice(2), () => Math.floor(Math.random() * 2_147_483_647));
if (!parsed.ok) fail(parsed.message);
const args = parsed.args;
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.judge !== undefined) {
  if (!existsSync(args.judge)) fail(`cannot read ${args.judge}: no such file`);
  let judged: Awaited<ReturnType<typeof judgeSavedRuns>>;
  try {
    judged = await judgeSavedRuns(args.judge, { strict: args.strict, log: (m) => process.stderr.write(`${m}\n`) });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  printReport(judged);
}
const replay = args.replay === undefined ? undefined : readReplay(args.replay);
const log = (message: string) => process.stderr.write(`${message}\n`);

// The extension only provides getHAR(); any build of it will do. Build output goes to stderr.
if (!existsSync(join(DIST_PATH, "manifest.json"))) {
  log("building the extension into dist/ (npx vite build)");
  const build = spawnSync("npx", ["vite", "build"], { cwd: REPO_ROOT, stdio: ["ignore", 2, 2], timeout: 120_000 });
  if (build.status !== 0) {
    log("truth:fuzz: the extension build failed");
    process.exit(2);
  }
}

if (args.engine === "webkit") {
  const { webkitAvailable } = await import("../lab/webkit/browser.js");
  if (!webkitAvailable())
    fail(
      "--engine webkit needs WebKitGTK (apt-get install libwebkit2gtk-4.1-0 xvfb xauth; suite webkit-truth in scripts/system-deps.txt)",
    );
  const { fuzzWebKit } = await import("../lab/fuzz/webkit.js");
  log(
    `truth:fuzz --engine webkit ${replay ? `replaying ${replay.length} scenario(s)` : `--seed ${args.seed} --count ${args.count}`}`,
  );
  const report = await fuzzWebKit({
    seed: args.seed,
    count: args.count,
    scenarios: replay,
    log,
    maxSeconds: args.maxSeconds,
  });
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    for (const d of report.disagreements) process.stdout.write(`\n${JSON.stringify(d, null, 2)}\n`);
    process.stdout.write(
      `\n${report.scenarios} scenario(s), seed ${report.seed}: ${report.disagreements.length} disagreement(s) between Chromium and WebKit\n`,
    );
  }
  process.exit(report.disagreements.length > 0 || report.errors.length > 0 ? 1 : 0);
}
log(
  (replay ? `replaying ${replay.length} scenario(s)` : `truth:fuzz --seed ${args.seed} --count ${args.count}`) +
    (args.engine === "chromium" ? "" : ` in Chromium and ${args.engine}`),
);
if (args.engine === "firefox") {
  const report = await fuzzFirefox({
    seed: args.seed,
    count: args.count,
    scenarios: replay,
    log,
    maxSeconds: args.maxSeconds,
  });
  printEnginesReport(report);
}
const report = await fuzz({
  seed: args.seed,
  count: args.count,
  minimizeRuns: args.minimizeRuns,
  scenarios: replay,
  log,
  maxSeconds: args.maxSeconds,
  strict: args.strict,
  savePath: args.save,
});
printReport(report);

function printReport(report: FuzzReport): never {
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const d of report.disagreements) process.stdout.write(`\n${JSON.stringify(d, null, 2)}\n`);
    process.stdout.write(
      `\n${report.scenarios} scenario(s), seed ${report.seed}: ${report.disagreements.length} disagreement(s) between the engine and Chromium\n`,
    );
  }
  process.exit(report.disagreements.length > 0 ? 1 : 0);
}

/** `--engine firefox`: Firefox against Chromium, and the engine against Chromium, each listed apart. */
function printEnginesReport(report: EnginesFuzzReport): never {
  const { firefox, engine } = report.disagreements;
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const d of firefox) {
      process.stdout.write(
        `\n${d.scenario.id} (${d.kind}): Chromium ${d.chromium.verdict} ${d.chromium.corsError ?? ""}; ` +
          `Firefox ${d.firefox.outcome} ${d.firefox.consoleKey ?? ""}; the engine ${d.engine?.verdict ?? "(no exchange)"} ` +
          `${d.engine?.corsError ?? ""}\n  ${d.firefox.message ?? "(no console line)"}\n${JSON.stringify(d.scenario)}\n`,
      );
    }
    for (const d of engine) process.stdout.write(`\nengine vs Chromium: ${JSON.stringify(d)}\n`);
    for (const e of report.errors) process.stdout.write(`\n${e.id}: ${e.browser} could not run it: ${e.error}\n`);
    process.stdout.write(
      `\n${report.scenarios} scenario(s), seed ${report.seed}: ${firefox.length} disagreement(s) between Firefox and Chromium, ` +
        `${engine.length} between the engine and Chromium\n`,
    );
  }
  process.exit(firefox.length + engine.length + report.errors.length > 0 ? 1 : 0);
}
