/**
 * Reads bench/results.json in either format: the first one (one figure a benchmark, one machine
 * block of node, platform, arch, cpus, cpu) is converted faithfully: each figure kept, its spread
 * marked unknown (bundle sizes deterministic), the machine's unrecorded fields null.
 */

import type { Machine, ResultsFile, StoredResult, SuiteRun } from "./results.js";

interface FirstFormat {
  readonly measuredAt: string;
  readonly machine?: { node?: string; platform?: string; arch?: string; cpus?: number; cpu?: string };
  readonly results?: ReadonlyArray<Omit<StoredResult, "spread" | "baseline">>;
}

export const UNKNOWN_WHY = "recorded before min / median / max were kept: one figure, its runs not stored";

export function upgradeResults(file: ResultsFile | FirstFormat): ResultsFile {
  if ("format" in file && file.format === 2) return file;
  const old = file as FirstFormat;
  const m = old.machine ?? {};
  const machine: Machine = {
    cpu: m.cpu ?? null,
    cores: m.cpus ?? null,
    ramGb: null,
    node: m.node ?? null,
    chromium: null,
    os: m.platform ? `${m.platform} ${m.arch ?? ""}`.trim() : null,
    loadAtStart: null,
    loadAtEnd: null,
  };
  const results: StoredResult[] = (old.results ?? []).map((r) => ({
    ...r,
    spread: r.suite === "bundle" ? { kind: "deterministic" } : { kind: "unknown", why: UNKNOWN_WHY },
  }));
  const suites: Record<string, SuiteRun> = {};
  for (const r of results) {
    suites[r.suite] ??= {
      measuredAt: r.measuredAt,
      runs: null,
      machine,
      note: "converted from the first results format: RAM, Chromium and load average were not recorded",
    };
  }
  return { format: 2, measuredAt: old.measuredAt, suites, results };
}
