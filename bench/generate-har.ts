/**
 * A large, realistic HAR for benchmarks: entries copied from real Chromium recordings (the lab
 * fixtures) with fresh URLs and times, mixed like a busy app: same-origin noise (documents,
 * scripts, images), allowed CORS calls, preflight pairs, blocked requests of every kind, redirects.
 */

import { closeSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";

interface Entry {
  startedDateTime: string;
  request: { url: string; headers: Array<{ name: string; value: string }> };
  response: { redirectURL?: string; headers: Array<{ name: string; value: string }> };
  _initiator?: { url?: string };
}

const LAB = join(import.meta.dirname, "../test/fixtures/lab");

/** Groups of entries that belong together (a request with its preflight, a redirect chain). */
function templates(): Entry[][] {
  const groups: Entry[][] = [];
  for (const file of readdirSync(LAB)) {
    const fixture = JSON.parse(readFileSync(join(LAB, file), "utf8")) as { har: { log: { entries: Entry[] } } };
    const entries = fixture.har.log.entries;
    const api = entries.filter((e) => !e.request.url.includes("/__lab/"));
    if (api.length > 0) groups.push(api);
    const page = entries.find((e) => e.request.url.includes("/__lab/"));
    if (page) groups.push([page]);
  }
  return groups;
}

/** The capture's entries, made one at a time (a 400,000-entry capture is too large for one string). */
export function* harEntries(entryCount: number, seed = 1): Generator<Entry> {
  const groups = templates();
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const start = Date.parse("2026-11-22T10:00:00.000Z");
  let made = 0;
  let time = start;
  for (let n = 0; made < entryCount; n++) {
    const group = groups[Math.floor(random() * groups.length)] as Entry[];
    const offset = Date.parse(group[0]?.startedDateTime ?? "") || 0;
    time += 1 + Math.floor(random() * 20);
    const suffix = `n=${n}`;
    for (const template of group) {
      if (made >= entryCount) break;
      const copy = JSON.parse(JSON.stringify(template)) as Entry;
      // Same request, new identity: a unique query parameter (kept in redirect targets) and a new time.
      const rewrite = (url: string) => `${url}${url.includes("?") ? "&" : "?"}${suffix}`;
      copy.request.url = rewrite(copy.request.url);
      if (copy.response.redirectURL) copy.response.redirectURL = rewrite(copy.response.redirectURL);
      for (const h of copy.response.headers) if (h.name.toLowerCase() === "location") h.value = rewrite(h.value);
      if (copy._initiator?.url) copy._initiator.url = rewrite(copy._initiator.url);
      const delta = (Date.parse(template.startedDateTime) || offset) - offset;
      copy.startedDateTime = new Date(time + delta).toISOString();
      made++;
      yield copy;
    }
  }
}

const LOG_HEAD = '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[';
const LOG_TAIL = "]}}";

export function generateHar(entryCount: number, seed = 1): string {
  return `${LOG_HEAD}${[...harEntries(entryCount, seed)].map((entry) => JSON.stringify(entry)).join(",")}${LOG_TAIL}`;
}

/** generateHar's text written to `path` a piece at a time; returns its size in bytes. */
export function writeHar(path: string, entryCount: number, seed = 1): number {
  const file = openSync(path, "w");
  let size = 0;
  let pending = LOG_HEAD;
  let first = true;
  const flush = () => {
    size += writeSync(file, pending);
    pending = "";
  };
  try {
    for (const entry of harEntries(entryCount, seed)) {
      pending += `${first ? "" : ","}${JSON.stringify(entry)}`;
      first = false;
      if (pending.length >= 1 << 20) flush();
    }
    pending += LOG_TAIL;
    flush();
  } finally {
    closeSync(file);
  }
  return size;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const [out = "/tmp/cors-doctor-100k.har", count = "100000"] = process.argv.slice(2);
  const size = writeHar(out, Number(count));
  console.log(`${out}: ${count} entries, ${(size / 1024 / 1024).toFixed(1)} MB`);
}
