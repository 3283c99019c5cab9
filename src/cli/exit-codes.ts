/** Exit codes are part of the CLI's contract. */
export const EXIT_CLEAN = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** 1 when any exchange is blocked, else 0. Pure, so it is tested without a process. */
export function getExitCode(verdicts: readonly string[]): number {
  return verdicts.some((v) => v === "blocked") ? EXIT_PROBLEMS : EXIT_CLEAN;
}
