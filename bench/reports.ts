/**
 * Reports at scale: `cors-doctor har --report json|md|html` over generated captures of 100,000 and
 * 400,000 entries, against the triage (`har --json`) on the same file in the same run: peak RSS and
 * wall time of whole processes. A report is written as a stream (src/cli/har-report.ts), so its
 * memory should stay near the triage's whatever the report's size. One run of each (a 400,000-entry
 * report takes minutes); `CORS_DOCTOR_BENCH_REPORT_ENTRIES=20000,100000` picks other sizes.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHar } from "./generate-har.js";
import { CLI, RSS_REPORTER, timedProcess } from "./process-sample.js";
import type { BenchResult, MeasuredSpread } from "./results.js";

const ROOT = join(import.meta.dirname, "..");
const SIZES = (process.env.CORS_DOCTOR_BENCH_REPORT_ENTRIES ?? "100000,400000").split(",").map(Number);
const FORMATS = ["json", "md", "html"] as const;

/** One run's figure: a 400,000-entry report takes minutes, so each size is measured once (said in the spread). */
function once(value: number): MeasuredSpread {
  return { kind: "measured", runs: 1, min: value, median: value, max: value };
}

export async function benchReports(): Promise<BenchResult[]> {
  const build = spawnSync("npm", ["run", "-s", "build:cli"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build:cli failed");
  const dir = mkdtempSync(join(tmpdir(), "cors-doctor-bench-reports-"));
  const results: BenchResult[] = [];
  try {
    const reporter = join(dir, "rss.cjs");
    writeFileSync(reporter, RSS_REPORTER);
    for (const entries of SIZES) {
      const har = join(dir, "capture.har");
      const sizeMb = writeHar(har, entries) / 1024 / 1024;
      const capture = `${entries.toLocaleString("en")} entries, ${sizeMb.toFixed(0)} MB`;
      process.stderr.write(`bench: reports: ${capture}\n`);
      const triage = timedProcess([CLI, "har", har, "--json"], reporter);
      const reference = `har --json (the triage), same file, same run: ${triage.rssMb.toFixed(0)} MB, ${(triage.ms / 1000).toFixed(1)} s`;
      const triageMb = Math.round(triage.rssMb);
      results.push({
        name: `Triage: peak RSS of har --json, ${capture}`,
        value: triageMb,
        unit: "MB",
        spread: once(triageMb),
        reference: `${(triage.ms / 1000).toFixed(1)} s (one run)`,
      });
      for (const format of FORMATS) {
        const output = join(dir, `report.${format}`);
        const sample = timedProcess([CLI, "har", har, "--report", format, "-o", output], reporter);
        const reportMb = statSync(output).size / 1024 / 1024;
        rmSync(output);
        process.stderr.write(
          `bench: reports: ${format}: ${sample.rssMb.toFixed(0)} MB, ${(sample.ms / 1000).toFixed(1)} s\n`,
        );
        const reportRssMb = Math.round(sample.rssMb);
        results.push({
          name: `Report: peak RSS of har --report ${format}, ${capture} (${reportMb.toFixed(0)} MB written)`,
          value: reportRssMb,
          unit: "MB",
          spread: once(reportRssMb),
          baseline: {
            label: "har --json (the triage), same file",
            value: triageMb,
            unit: "MB",
            spread: once(triageMb),
          },
          reference: `${(sample.ms / 1000).toFixed(1)} s (one run); ${reference}`,
          target: "near the triage's",
        });
      }
      rmSync(har);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
