/**
 * HAR triage at scale: `cors-doctor har` over a generated capture of 100,000 entries, against the
 * floor any HAR tool pays — reading the file and `JSON.parse` — measured in the same run, the
 * same way (a fresh Node process each, wall time from spawn to exit, peak RSS from the process).
 * Runs alternate between the floor and the CLI so drift in machine load hits both alike; each
 * ratio is taken within one run (the CLI's time over the floor's of the same round), and every
 * figure is reported as min / median / max over the runs with the floor's own spread beside it.
 * `npm run bench -- har --runs N --har-entries N` (or CORS_DOCTOR_BENCH_HAR_ENTRIES for the size).
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { writeHar } from "./generate-har.js";
import { CLI, type ProcessSample, RSS_REPORTER, timedProcess } from "./process-sample.js";
import type { Baseline, BenchOptions, BenchResult } from "./results.js";
import { measured, spreadOf } from "./stats.js";

const ROOT = join(import.meta.dirname, "..");

const FLOOR = `JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));`;

export async function benchHar(options: BenchOptions): Promise<BenchResult[]> {
  const ENTRIES = options.harEntries;
  const RUNS = options.runs;
  const build = spawnSync("npm", ["run", "-s", "build:cli"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build:cli failed");
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-bench-har-"));
  try {
    const har = join(dir, "capture.har");
    const reporter = join(dir, "rss.cjs");
    writeFileSync(reporter, RSS_REPORTER);
    // Written in pieces: 400,000 entries are more text than one string may hold.
    const sizeMb = writeHar(har, ENTRIES) / 1024 / 1024;
    process.stderr.write(`bench: har: ${ENTRIES.toLocaleString("en")} entries, ${sizeMb.toFixed(0)} MB\n`);

    const variants: Array<[string, string[]]> = [
      ["floor", ["-e", FLOOR, har]],
      ["text", [CLI, "har", har]],
      ["json", [CLI, "har", har, "--json"]],
      ["serial", [CLI, "har", har, "--threads", "1"]],
      ["parallel", [CLI, "har", har, "--threads", "2"]],
    ];
    const samples = new Map<string, ProcessSample[]>(variants.map(([name]) => [name, []]));
    // Warm the page cache and the CPU once; then alternate.
    timedProcess(variants[0]?.[1] ?? [], reporter);
    for (let run = 0; run < RUNS; run++) {
      for (const [name, args] of variants) samples.get(name)?.push(timedProcess(args, reporter));
      process.stderr.write(`bench: har: run ${run + 1}/${RUNS}\n`);
    }
    const of = (name: string) => samples.get(name) ?? [];
    const ms = (name: string) =>
      spreadOf(
        of(name).map((s) => s.ms),
        0,
      );
    /** Each run's time over the floor's in the same round. */
    const ratio = (name: string) => measured(of(name).map((s, run) => s.ms / (of("floor")[run] as ProcessSample).ms));
    const floor = ms("floor");
    const floorBaseline: Baseline = {
      label: "read + JSON.parse of the same file",
      value: floor.median,
      unit: "ms",
      spread: floor,
    };
    const timesText = (name: string, extra = "") => {
      const t = ms(name);
      return `${t.median} ms (${t.min} – ${t.max})${extra}; the floor, read + JSON.parse of the same file: ${floor.median} ms (${floor.min} – ${floor.max}); ${RUNS} runs taking turns, each ratio within its run`;
    };
    const capture = `${ENTRIES.toLocaleString("en")} entries, ${sizeMb.toFixed(0)} MB`;
    const rss = (name: string) =>
      spreadOf(
        of(name).map((s) => s.rssMb),
        0,
      );
    const rssText = (name: string) => `${rss(name).median} MB`;
    return [
      {
        name: `HAR triage: cors-doctor har, ${capture} (× the floor)`,
        ...ratio("text"),
        unit: "×",
        baseline: floorBaseline,
        reference: timesText("text"),
        target: "≤ 1.5×",
      },
      {
        name: "HAR triage: cors-doctor har --json (× the floor)",
        ...ratio("json"),
        unit: "×",
        baseline: floorBaseline,
        reference: timesText("json"),
        target: "≤ 1.5×",
      },
      {
        name: "HAR triage: one thread, --threads 1 (× the floor)",
        ...ratio("serial"),
        unit: "×",
        baseline: floorBaseline,
        reference: timesText("serial"),
      },
      {
        name: "HAR triage: two threads, --threads 2 (× the floor)",
        ...ratio("parallel"),
        unit: "×",
        baseline: floorBaseline,
        reference: timesText("parallel", ` on ${availableParallelism()} cores`),
      },
      {
        name: "HAR triage: peak RSS of cors-doctor har",
        ...measured(
          of("text").map((s) => s.rssMb),
          0,
        ),
        unit: "MB",
        baseline: { label: "read + JSON.parse alone", value: rss("floor").median, unit: "MB", spread: rss("floor") },
        reference: `peak RSS of each process, median of ${RUNS} runs: read + JSON.parse alone ${rssText("floor")}; --threads 1: ${rssText("serial")}; --threads 2: ${rssText("parallel")}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
