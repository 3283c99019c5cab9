/**
 * A progress line on stderr for large HAR files, only when stderr is a terminal (never in pipes,
 * logs or CI), updated at most ten times a second and erased when done.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number): void;
  finish(): void;
}

const QUIET: Progress = { update: () => undefined, finish: () => undefined };

/** Work below this many items finishes before a progress line would help. */
export const PROGRESS_THRESHOLD = 5_000;

export function startProgress(
  label: string,
  total: number,
  stream: ProgressStream = process.stderr,
  now = () => Date.now(),
): Progress {
  if (!stream.isTTY || total < PROGRESS_THRESHOLD) return QUIET;
  let last = 0;
  let shown = false;
  const format = (n: number) => n.toLocaleString("en");
  return {
    update(done) {
      const time = now();
      if (time - last < 100 && done < total) return;
      last = time;
      shown = true;
      stream.write(`\r${label} ${format(done)} / ${format(total)} (${Math.floor((done / total) * 100)}%)\x1b[K`);
    },
    finish() {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}

/** One line before a slow step ("reading capture.har (240 MB)…"), erased by the next write. */
export function note(text: string, stream: ProgressStream = process.stderr): void {
  if (stream.isTTY) stream.write(`\r${text}\x1b[K`);
}
