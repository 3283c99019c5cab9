import { diagnose } from "../engine/index.js";
import type { StackId } from "../fixes/index.js";
import { summarizeExchange } from "../report/summary.js";
import { getExitCode } from "./exit-codes.js";
import { fixFor, renderFix } from "./fix-output.js";
import { readHarFile } from "./read-har-file.js";
import { renderExchange, renderTotals } from "./render-text.js";

export interface HarOptions {
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly all?: boolean;
  /** Print the fix for this stack ("auto": the detected one) for every blocked exchange. */
  readonly fix?: StackId | "auto";
}

/** `cors-doctor har <file>`: diagnose every exchange of a HAR file. Returns the exit code. */
export async function runHar(path: string, options: HarOptions, out: (text: string) => void): Promise<number> {
  const har = await readHarFile(path);
  const results = har.exchanges.map((captured) => {
    const diagnosis = diagnose(captured.exchange);
    const fix = options.fix && diagnosis.verdict === "blocked" ? fixFor(captured, diagnosis, options.fix) : null;
    return { diagnosis, summary: summarizeExchange(captured, diagnosis), fix };
  });
  if (options.json) {
    const exchanges = results.map((r) => (options.fix ? { ...r.summary, fix: r.fix } : r.summary));
    out(JSON.stringify({ exchanges }, null, 2));
  } else {
    const shown = options.all ? results : results.filter((r) => r.summary.verdict !== "not-cors");
    for (const { summary, diagnosis, fix } of shown) {
      out(renderExchange(summary, diagnosis, { explain: options.explain ?? false, all: options.all ?? false }));
      if (fix) out(renderFix(fix));
    }
    out(renderTotals(results.map((r) => r.summary)));
  }
  return getExitCode(results.map((r) => r.summary.verdict));
}
