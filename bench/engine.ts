/**
 * Engine speed: microseconds to diagnose one exchange (median over many), over every exchange of
 * the committed captures; each run is its own tinybench measurement, and the figure is the spread
 * of the runs' medians. A benchmark, never a timed test.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Bench } from "tinybench";
import { readHar } from "../src/capture/index.js";
import { diagnose, type Exchange } from "../src/engine/index.js";
import type { BenchOptions, BenchResult } from "./results.js";
import { measured, median } from "./stats.js";

function loadExchanges(): Exchange[] {
  const exchanges: Exchange[] = [];
  const dirs = [join(import.meta.dirname, "../test/fixtures/har"), join(import.meta.dirname, "../test/fixtures/lab")];
  for (const dir of dirs) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".har") || f.endsWith(".json"));
    } catch {
      continue;
    }
    for (const file of files) {
      const document = JSON.parse(readFileSync(join(dir, file), "utf8")) as { har?: unknown };
      const result = readHar(document.har ?? document);
      if (result.ok) exchanges.push(...result.exchanges.map((x) => x.exchange));
    }
  }
  return exchanges;
}

/** One run: tinybench's median and p99 latency of diagnosing one exchange, in µs. */
async function engineRun(exchanges: readonly Exchange[], warmupTime: number): Promise<{ median: number; p99: number }> {
  let index = 0;
  const bench = new Bench({ time: 1000, warmupTime });
  bench.add("diagnose one exchange", () => {
    diagnose(exchanges[index++ % exchanges.length] as Exchange);
  });
  await bench.run();
  const task = bench.tasks[0];
  const latency = task?.result && "latency" in task.result ? task.result.latency : undefined;
  return { median: (latency?.p50 ?? Number.NaN) * 1000, p99: (latency?.p99 ?? Number.NaN) * 1000 };
}

export async function benchEngine(options: BenchOptions): Promise<BenchResult[]> {
  const exchanges = loadExchanges();
  const runs: Array<{ median: number; p99: number }> = [];
  for (let run = 0; run < options.runs; run++) runs.push(await engineRun(exchanges, run === 0 ? 300 : 50));
  const p99 = median(runs.map((r) => r.p99));
  return [
    {
      name: "engine: diagnose one exchange (median)",
      ...measured(runs.map((r) => r.median)),
      unit: "µs",
      reference: `${exchanges.length} recorded exchanges, cycled; each run 1 s of tinybench, its median taken; p99 ${round(p99)} µs (median of the runs')`,
    },
  ];
}

const round = (n: number) => Math.round(n * 100) / 100;
