/** One benchmark figure, as written to bench/results.json and shown in the README. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the figure is measured against (a floor measured in the same run, or the sample). */
  readonly reference: string;
  readonly target?: string;
}
