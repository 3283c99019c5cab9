/**
 * Deliveries a re-read of getHAR() could still complete (browser-facts §2.6a): the one place that
 * says what an incomplete copy looks like, for the panel's state and the composition root alike.
 */

import type { CapturedEntry } from "../../capture/entry.js";
import type { Row } from "./row.js";

/**
 * Possibly an incomplete first copy (§2.6a): recorded with status 0, no headers and a failure; or
 * answered while its request headers are still the provisional ones (no Origin, no Sec-Fetch-*),
 * which leaves the mode open until a re-read brings the headers that were sent.
 */
export function looksIncomplete(entry: CapturedEntry): boolean {
  if (entry.status > 0 && entry.provisionalHeaders) return true;
  return entry.status === 0 && entry.responseHeaders.length === 0 && entry.outcome.state === "failed";
}

/**
 * URLs of requests a re-read of getHAR() could still complete: a hop recorded with status 0, no
 * headers and a failure, unless its preflight got an error status (an incomplete first copy,
 * browser-facts §2.6a), and preflights whose actual request has not been delivered. A request
 * stopped by its preflight was never sent: nothing fuller will come for it.
 */
export function awaitedUrls(rows: readonly Row[]): Set<string> {
  const urls = new Set<string>();
  for (const row of rows) {
    const { captured } = row;
    if (!captured.actualRecorded) {
      for (const entry of captured.preflightEntries) if (entry) urls.add(entry.url);
      continue;
    }
    captured.hopEntries.forEach((hop, index) => {
      if (!looksIncomplete(hop)) return;
      // A preflight answered with an error status stopped the request: Chromium never sent it.
      // (Not the diagnosis: an incomplete copy of a request after a good preflight can read as
      // a preflight failure, e.g. by inferring credentials.)
      const preflight = captured.preflightEntries[index];
      const stoppedByPreflight =
        preflight != null && !looksIncomplete(preflight) && (preflight.status < 200 || preflight.status > 299);
      if (!stoppedByPreflight) urls.add(hop.url);
    });
  }
  return urls;
}
