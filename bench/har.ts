/**
 * HAR triage at scale: `cors-doctor har` over a generated capture of 100,000 entries, against the
 * floor any HAR tool pays — reading the file and `JSON.parse` — measured in the same run, the
 * same way (a fresh Node process each, wall time from spawn to exit, peak RSS from the process).
 * Runs alternate between the floor and the CLI so drift in machine load hits both alike.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { generateHar } from "./generate-har.js";
import type { BenchResult } from "./results.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "build/cli/cors-doctor.mjs");
const ENTRIES = Number(process.env.CORS_DOCTOR_BENCH_HAR_ENTRIES ?? 100_000);
const RUNS = Number(process.env.CORS_DOCTOR_BENCH_RUNS ?? 5);

/** Prints the process's peak RSS (KB) on stderr at exit, for any script it is preloaded into. */
const RSS_REPORTER = `process.on("exit", () => process.stderr.write("\\npeak-rss-kb=" + process.resourceUsage().maxRSS + "\\n"));`;
const FLOOR = `JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));`;

interface Sample {
  readonly ms: number;
  readonly rssMb: number;
}

function timed(args: readonly string[], reporter: string): Sample {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--require", reporter, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const rss = /peak-rss-kb=(\d+)/.exec(result.stderr ?? "");
  // Exit 1 means "something is blocked": expected for this capture.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function benchHar(): Promise<BenchResult[]> {
  const build = spawnSync("npm", ["run", "-s", "build:cli"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build:cli failed");
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-bench-har-"));
  try {
    const har = join(dir, "capture.har");
    const reporter = join(dir, "rss.cjs");
    writeFileSync(reporter, RSS_REPORTER);
    writeFileSync(har, generateHar(ENTRIES));
    const sizeMb = statSync(har).size / 1024 / 1024;
    process.stderr.write(`bench: har: ${ENTRIES.toLocaleString("en")} entries, ${sizeMb.toFixed(0)} MB\n`);

    const variants: Array<[string, string[]]> = [
      ["floor", ["-e", FLOOR, har]],
      ["text", [CLI, "har", har]],
      ["json", [CLI, "har", har, "--json"]],
      ["serial", [CLI, "har", har, "--threads", "1"]],
      ["parallel", [CLI, "har", har, "--threads", "2"]],
    ];
    const samples = new Map<string, Sample[]>(variants.map(([name]) => [name, []]));
    // Warm the page cache and the CPU once; then alternate.
    timed(variants[0]?.[1] ?? [], reporter);
    for (let run = 0; run < RUNS; run++) {
      for (const [name, args] of variants) samples.get(name)?.push(timed(args, reporter));
      process.stderr.write(`bench: har: run ${run + 1}/${RUNS}\n`);
    }
    const ms = (name: string) => median((samples.get(name) ?? []).map((s) => s.ms));
    const rss = (name: string) => Math.max(...(samples.get(name) ?? []).map((s) => s.rssMb));
    const floor = ms("floor");
    const reference = `read + JSON.parse of the same file: ${floor.toFixed(0)} ms (median of ${RUNS}, same run)`;
    const capture = `${ENTRIES.toLocaleString("en")} entries, ${sizeMb.toFixed(0)} MB`;
    const round = (n: number, digits = 2) => Number(n.toFixed(digits));
    return [
      {
        name: `HAR triage: cors-doctor har, ${capture} (× the floor)`,
        value: round(ms("text") / floor),
        unit: "×",
        reference: `${ms("text").toFixed(0)} ms; ${reference}`,
        target: "≤ 1.5×",
      },
      {
        name: "HAR triage: cors-doctor har --json (× the floor)",
        value: round(ms("json") / floor),
        unit: "×",
        reference: `${ms("json").toFixed(0)} ms; ${reference}`,
        target: "≤ 1.5×",
      },
      {
        name: "HAR triage: one thread, --threads 1 (× the floor)",
        value: round(ms("serial") / floor),
        unit: "×",
        reference: `${ms("serial").toFixed(0)} ms; ${reference}`,
      },
      {
        name: "HAR triage: two threads, --threads 2 (× the floor)",
        value: round(ms("parallel") / floor),
        unit: "×",
        reference: `${ms("parallel").toFixed(0)} ms on ${availableParallelism()} cores; ${reference}`,
      },
      {
        name: "HAR triage: peak RSS of cors-doctor har",
        value: round(rss("text"), 0),
        unit: "MB",
        reference: `read + JSON.parse alone: ${rss("floor").toFixed(0)} MB; --threads 1: ${rss("serial").toFixed(0)} MB; --threads 2: ${rss("parallel").toFixed(0)} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
