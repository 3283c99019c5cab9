import { describe, expect, it } from "vitest";
import { PROGRESS_THRESHOLD, startProgress } from "../../src/cli/progress.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, write: (text: string) => writes.push(text), writes };
}

describe("progress on large HAR files", () => {
  it("shows a throttled progress line on a terminal and erases it", () => {
    const tty = stream(true);
    let time = 0;
    const progress = startProgress("diagnosing", 10_000, tty, () => time);
    for (let i = 1; i <= 10_000; i++) {
      if (i % 100 === 0) time += 10;
      progress.update(i);
    }
    progress.finish();
    expect(tty.writes.length).toBeGreaterThan(3);
    expect(tty.writes.length).toBeLessThan(20);
    expect(tty.writes.at(-2)).toContain("diagnosing 10,000 / 10,000 (100%)");
    expect(tty.writes.at(-1)).toBe("\r\x1b[K");
  });

  it("stays silent when stderr is not a terminal, or the file is small", () => {
    const pipe = stream(false);
    const big = startProgress("diagnosing", 100_000, pipe);
    big.update(50_000);
    big.finish();
    const tty = stream(true);
    const small = startProgress("diagnosing", PROGRESS_THRESHOLD - 1, tty);
    small.update(10);
    small.finish();
    expect(pipe.writes).toEqual([]);
    expect(tty.writes).toEqual([]);
  });
});
