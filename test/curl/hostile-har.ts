/**
 * The lab's Chromium sample with hostile values planted: a header on PUT /pfnoheaders whose value
 * tries every shell's breakout (PowerShell's ’, `$( )`, backticks, `&`, an OSC title sequence, a
 * bidi override), and a query with `&calc&` on that request and its preflight.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SAMPLE_HAR = join(import.meta.dirname, "../fixtures/har/chromium-156-sample.har");
export const EVIL_VALUE = "x’; Start-Process calc; ’ $(touch pwned) `id` & calc & \x1b]0;title\x07 \u202e rev";
export const EVIL_QUERY = "?a=1&calc&b=2";

/** Writes the hostile HAR into `dir` and returns its path. */
export function writeHostileHar(dir: string): string {
  const har = JSON.parse(readFileSync(SAMPLE_HAR, "utf8")) as {
    entries: { request: { url: string; headers: { name: string; value: string }[] } }[];
  };
  for (const entry of har.entries) {
    if (!entry.request.url.endsWith("/pfnoheaders")) continue;
    entry.request.url += EVIL_QUERY;
    if (entry.request.headers.some((h) => h.name === "Authorization")) {
      entry.request.headers.push({ name: "X-Evil", value: EVIL_VALUE });
    }
  }
  const path = join(dir, "hostile.har");
  writeFileSync(path, JSON.stringify(har));
  return path;
}
