import { diagnose } from "../engine/index.js";
import { summarizeExchange } from "../report/summary.js";
import { getExitCode } from "./exit-codes.js";
import { readHarFile } from "./read-har-file.js";
import { renderExchange, renderTotals } from "./render-text.js";

export interface HarOptions {
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly all?: boolean;
}

/** `cors-doctor har <file>`: diagnose every exchange of a HAR file. Returns the exit code. */
export async function runHar(path: string, options: HarOptions, out: (text: string) => void): Promise<number> {
  const har = await readHarFile(path);
  const results = har.exchanges.map((captured) => {
    const diagnosis = diagnose(captured.exchange);
    return { diagnosis, summary: summarizeExchange(captured, diagnosis) };
  });
  if (options.json) {
    out(JSON.stringify({ exchanges: results.map((r) => r.summary) }, null, 2));
  } else {
    const shown = options.all ? results : results.filter((r) => r.summary.verdict !== "not-cors");
    for (const { summary, diagnosis } of shown) {
      out(renderExchange(summary, diagnosis, { explain: options.explain ?? false, all: options.all ?? false }));
    }
    out(renderTotals(results.map((r) => r.summary)));
  }
  return getExitCode(results.map((r) => r.summary.verdict));
}
