/**
 * Engine speed: microseconds to diagnose one exchange (median over many), over every exchange of
 * the committed captures. A benchmark, never a timed test.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Bench } from "tinybench";
import { readHar } from "../src/capture/index.js";
import { diagnose, type Exchange } from "../src/engine/index.js";
import type { BenchResult } from "./results.js";

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

export async function benchEngine(): Promise<BenchResult[]> {
  const exchanges = loadExchanges();
  let index = 0;
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench.add("diagnose one exchange", () => {
    diagnose(exchanges[index++ % exchanges.length] as Exchange);
  });
  await bench.run();
  const task = bench.tasks[0];
  const latency = task?.result && "latency" in task.result ? task.result.latency : undefined;
  const medianMs = latency?.p50 ?? Number.NaN;
  const p99Ms = latency?.p99 ?? Number.NaN;
  return [
    {
      name: "engine: diagnose one exchange (median)",
      value: round(medianMs * 1000),
      unit: "µs",
      reference: `${exchanges.length} recorded exchanges, cycled; p99 ${round(p99Ms * 1000)} µs`,
    },
  ];
}

const round = (n: number) => Math.round(n * 100) / 100;
