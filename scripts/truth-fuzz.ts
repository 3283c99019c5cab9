/**
 * `npm run truth:fuzz -- --seed <n> --count <m> [--json] [--minimize-runs <k>] [--replay <file>]`
 *
 * Differential fuzzing of the engine against Debian's Chromium (lab/fuzz/). Exit 0: no
 * disagreement; 1: at least one; 2: bad input. With --json, stdout holds exactly one JSON object
 * `{ "seed", "scenarios", "disagreements": [{ "scenario", "engine", "chromium" }] }`; progress
 * goes to stderr (use `npm run -s` so npm's own banner stays off stdout).
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DIST_PATH, REPO_ROOT } from "../lab/browser.js";
import { fuzz } from "../lab/fuzz/run.js";
import { type Scenario, validateScenario } from "../lab/scenario.js";

const USAGE = `usage: npm run -s truth:fuzz -- --seed <n> --count <m> [--json] [--minimize-runs <k>]
       npm run -s truth:fuzz -- --replay <scenarios.json> [--json]
  --seed <n>           seed of the scenario generator (integer 0..2147483647); default: random, printed
  --count <m>          how many scenarios (1..100000); default 100
  --json               print exactly one JSON object on stdout
  --minimize-runs <k>  browser runs the minimizer may spend per disagreement (0..500); default 40
  --replay <file>      run the scenarios in a file (one scenario, a list, or {"scenarios": [...]})
  --max-seconds <s>    start no new scenario after s seconds ("scenarios" then counts those that ran)
  --strict             count the engine's "unknown" (it cannot tell from the HAR) as a disagreement too
exit status: 0 no disagreement, 1 disagreements, 2 bad input`;

function fail(message: string): never {
  process.stderr.write(`truth:fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(text: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) fail(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max) fail(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readReplay(path: string): Scenario[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const list = Array.isArray(raw)
    ? raw
    : Array.isArray((raw as { scenarios?: unknown })?.scenarios)
      ? (raw as { scenarios: unknown[] }).scenarios
      : [raw];
  const problems = list.flatMap((item) => validateScenario(item));
  if (problems.length > 0) fail(`${path} holds invalid scenarios:\n  ${problems.join("\n  ")}`);
  return list as Scenario[];
}

const OPTIONS = {
  seed: { type: "string" },
  count: { type: "string" },
  json: { type: "boolean" },
  "minimize-runs": { type: "string" },
  replay: { type: "string" },
  "max-seconds": { type: "string" },
  strict: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>;
try {
  parsed = parseArgs({ options: OPTIONS, allowPositionals: false });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const seed = integer(values.seed, "--seed", 0, 2_147_483_647, Math.floor(Math.random() * 2_147_483_647));
const count = integer(values.count, "--count", 1, 100_000, 100);
const minimizeRuns = integer(values["minimize-runs"], "--minimize-runs", 0, 500, 40);
const maxSeconds =
  values["max-seconds"] === undefined ? undefined : integer(values["max-seconds"], "--max-seconds", 1, 86_400, 0);
const replay = values.replay === undefined ? undefined : readReplay(values.replay);
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

log(replay ? `replaying ${replay.length} scenario(s)` : `truth:fuzz --seed ${seed} --count ${count}`);
const report = await fuzz({ seed, count, minimizeRuns, scenarios: replay, log, maxSeconds, strict: values.strict });

if (values.json) {
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  for (const d of report.disagreements) {
    process.stdout.write(`\n${JSON.stringify(d, null, 2)}\n`);
  }
  process.stdout.write(
    `\n${report.scenarios} scenario(s), seed ${report.seed}: ${report.disagreements.length} disagreement(s) between the engine and Chromium\n`,
  );
}
process.exit(report.disagreements.length > 0 ? 1 : 0);
