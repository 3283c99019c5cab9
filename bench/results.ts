/** One benchmark figure, as written to bench/results.json and shown in the README. */

/** A figure's runs: min, median and max over `runs` samples, each sample one run of the measurement. */
export interface MeasuredSpread {
  readonly kind: "measured";
  readonly runs: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The figure cannot vary between runs (e.g. a bundle's size): measured once. */
export interface DeterministicSpread {
  readonly kind: "deterministic";
}

/** Recorded before spreads were kept: one figure, its runs not stored. */
export interface UnknownSpread {
  readonly kind: "unknown";
  readonly why: string;
}

export type Spread = MeasuredSpread | DeterministicSpread | UnknownSpread;

/** What a figure is measured against in the same run (the floor, a bare listener, no extension), as a figure. */
export interface Baseline {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly spread: Spread;
}

export interface BenchResult {
  readonly name: string;
  /** The median over the runs (or the one figure of a deterministic or older result). */
  readonly value: number;
  readonly unit: string;
  readonly spread: Spread;
  readonly baseline?: Baseline;
  /** What the figure is measured against and how, in words. */
  readonly reference: string;
  readonly target?: string;
}

/** The machine a suite ran on, from node:os (null: not recorded). */
export interface Machine {
  readonly cpu: string | null;
  readonly cores: number | null;
  readonly ramGb: number | null;
  readonly node: string | null;
  readonly chromium: string | null;
  readonly os: string | null;
  /** 1, 5 and 15-minute load averages when the suite started and ended. */
  readonly loadAtStart: readonly number[] | null;
  readonly loadAtEnd: readonly number[] | null;
}

/** One suite's last run: when, how many runs were asked for, on what machine. */
export interface SuiteRun {
  readonly measuredAt: string;
  readonly runs: number | null;
  readonly machine: Machine;
  readonly note?: string;
}

export type StoredResult = BenchResult & { readonly suite: string; readonly measuredAt: string };

/** bench/results.json. */
export interface ResultsFile {
  readonly format: 2;
  /** The last `npm run bench`. */
  readonly measuredAt: string;
  readonly suites: Readonly<Record<string, SuiteRun>>;
  readonly results: readonly StoredResult[];
}

/** What each suite is given by bench/run.ts. */
export interface BenchOptions {
  /** Runs of every timed figure (`--runs N`, default 5). */
  readonly runs: number;
  /** Entries of the generated HAR for the har suite (`--har-entries N`, default 100,000). */
  readonly harEntries: number;
}
