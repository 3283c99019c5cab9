/**
 * Cutting a HAR file into parts that threads can parse on their own.
 *
 * A part is a byte range of the file between two entries of `log.entries`, made into a JSON
 * document of its own by a synthetic opener (`{"log":{"entries":[`) and closer (`]}}`). A cut is
 * chosen by what is around it (`}`, `,`, then an object that parses as a HAR entry), which does not
 * prove the comma separates two entries; the part's parse does: a cut inside a string leaves it
 * unterminated, a cut at any other depth leaves the brackets unbalanced, and a cut in another
 * array of the log (`pages`) leaves a part whose last key is not `entries` (checked by
 * `entriesOfPart`). Any doubt makes the caller fall back to parsing the file whole.
 */

import { open } from "node:fs/promises";
import { type HarLog, type HarPage, parseHarDocument } from "../capture/index.js";

export interface HarPart {
  /** Byte range of the file (a cut's comma belongs to neither part). */
  readonly start: number;
  readonly end: number;
  /** Text before the range: "" for the first part, else the opener of `log.entries`. */
  readonly prefix: string;
  /** Text after the range: "" for the last part, else the closer. */
  readonly suffix: string;
  readonly first: boolean;
  readonly last: boolean;
  /** The file is `{"log": {...}}` rather than a bare log. */
  readonly wrapped: boolean;
}

/** Parsed a part at a time, a file is cut about this often (see parseInParts): smaller parts hold
 * less for each scavenge to copy (175 MB file: 256 KB-512 KB parts 0.94-0.97 s, 2 MB 1.0 s, 4 MB 1.03 s). */
export const PART_BYTES = 512 * 1024;

/** How far past the ideal cut the planner looks for an entry boundary. */
const SEARCH_WINDOW = 1 << 20;

/** Read past a part's ideal end first: an entry is a few KB, so the boundary is nearly always in it. */
const FIRST_WINDOW = 64 * 1024;

const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The offset of the first comma in `bytes` that separates two HAR entries: `}` before it, and
 * after it an object (whitespace aside) that is a whole entry, with `request` and `response`.
 * Header and cookie lists are lists of objects too, so the object is parsed to tell. Or -1.
 */
export function findEntryBoundary(bytes: Uint8Array): number {
  // Scans of candidates that turn out not to be entries are bounded in total, so a window full of
  // entry-like text inside one huge string costs milliseconds, not a quadratic search.
  const budget = { bytes: 16 * SEARCH_WINDOW };
  for (let comma = bytes.indexOf(COMMA); comma !== -1 && budget.bytes > 0; comma = bytes.indexOf(COMMA, comma + 1)) {
    let before = comma - 1;
    while (before >= 0 && isJsonWhitespace(bytes[before] as number)) before--;
    if (before < 0 || bytes[before] !== CLOSE_BRACE) continue;
    let after = comma + 1;
    while (after < bytes.length && isJsonWhitespace(bytes[after] as number)) after++;
    if (after < bytes.length && bytes[after] === OPEN_BRACE && isWholeEntryAt(bytes, after, budget)) return comma;
  }
  return -1;
}

/** Whether the object starting at `start` is complete within `bytes` and looks like a HAR entry. */
function isWholeEntryAt(bytes: Uint8Array, start: number, budget: { bytes: number }): boolean {
  let depth = 0;
  let inString = false;
  const end = Math.min(bytes.length, start + budget.bytes);
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) {
        budget.bytes -= i + 1 - start;
        try {
          const value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + start, i + 1 - start).toString("utf8"));
          return isObject(value) && isObject(value.request) && isObject(value.response);
        } catch {
          return false;
        }
      }
    }
  }
  budget.bytes -= end - start;
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** HAR files are `{"log": {...}}`; `getHAR()` logs saved as-is are the bare log. */
export function wrapperOf(head: string): { wrapped: boolean; opener: string; closer: string } {
  return /^\uFEFF?\s*\{\s*"log"\s*:/.test(head)
    ? { wrapped: true, opener: '{"log":{"entries":[', closer: "]}}" }
    : { wrapped: false, opener: '{"entries":[', closer: "]}" };
}

/**
 * Up to `count` parts of about equal size, or fewer when no boundary is found near an ideal cut.
 * Reads only a few small windows of the file.
 */
export async function planParts(path: string, size: number, count: number): Promise<HarPart[]> {
  const file = await open(path, "r");
  try {
    return await planPartsWith(
      async (position, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
        return buffer.subarray(0, bytesRead);
      },
      size,
      count,
    );
  } finally {
    await file.close();
  }
}

async function planPartsWith(
  read: (position: number, length: number) => Promise<Uint8Array>,
  size: number,
  count: number,
): Promise<HarPart[]> {
  const head = await read(0, 4096);
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const { wrapped, opener, closer } = wrapperOf(new TextDecoder().decode(head));
  const cuts: number[] = [];
  for (let k = 1; k < count; k++) {
    const ideal = Math.floor((size * k) / count);
    const from = Math.max(ideal, (cuts.at(-1) ?? bom) + 1);
    if (from >= size) break;
    const boundary = findEntryBoundary(await read(from, SEARCH_WINDOW));
    if (boundary !== -1) cuts.push(from + boundary);
  }
  const starts = [bom, ...cuts.map((cut) => cut + 1)];
  const ends = [...cuts, size];
  return starts.map((start, index) => ({
    start,
    end: ends[index] as number,
    prefix: index === 0 ? "" : opener,
    suffix: index === cuts.length ? "" : closer,
    first: index === 0,
    last: index === cuts.length,
    wrapped,
  }));
}

/**
 * The entries of a parsed part, or null when the part is not what a cut between two entries of
 * `log.entries` would give (the caller then parses the file whole).
 */
export function entriesOfPart(root: unknown, part: HarPart): unknown[] | null {
  if (!isObject(root)) return null;
  const containerKeysOk = (object: Record<string, unknown>, key: string) => {
    const keys = Object.keys(object);
    if (!part.last && keys.at(-1) !== key) return false;
    if (!part.first && keys[0] !== key) return false;
    return true;
  };
  if (part.wrapped && !containerKeysOk(root, "log")) return null;
  const log = part.wrapped ? root.log : root;
  if (!isObject(log) || !containerKeysOk(log, "entries")) return null;
  return Array.isArray(log.entries) ? log.entries : null;
}

/** Reads up to `length` bytes at `position` into `target` at `offset`; 0 at the end of the input. */
export type ReadAt = (target: Buffer, offset: number, length: number, position: number) => number;

/** A Buffer read as a ReadAt (a worker's part, a test's text). */
export function readFromBuffer(bytes: Uint8Array): ReadAt {
  return (target, offset, length, position) => {
    const end = Math.min(bytes.length, position + length);
    if (position >= end) return 0;
    target.set(bytes.subarray(position, end), offset);
    return end - position;
  };
}

/**
 * Parses the HAR document read through `read` (`size` bytes) a part of about `partBytes` at a time,
 * front to back, handing each part's raw entries (in order) and pages to `onPart` before the next
 * part is read: only one part and the window searched for the next cut are in memory, never the
 * file, and a part's objects die young (parsed whole, a large file's objects all survive into the
 * old generation and the garbage collector copies them). A part ends at the first entry boundary
 * (findEntryBoundary) at least `partBytes` in. False when a part does not parse or is not a clean cut between entries;
 * `onPart` may have been called for earlier parts then, and the caller starts over with the whole
 * parse.
 */
export function parseInParts(
  read: ReadAt,
  size: number,
  partBytes: number,
  onPart: (entries: readonly unknown[], pages: readonly HarPage[], log: HarLog) => void,
): boolean {
  let buffer = Buffer.allocUnsafe(Math.min(size, partBytes + FIRST_WINDOW));
  /** Bytes of the file in `buffer`: [position - filled, position). */
  let filled = 0;
  let position = 0;
  /** Fills `buffer` up to `want` bytes (growing it), or to the end of the input. */
  const fill = (want: number) => {
    if (want > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(want, buffer.length * 2));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
    while (filled < want && position < size) {
      const got = read(buffer, filled, Math.min(want, buffer.length) - filled, position);
      if (got === 0) break;
      filled += got;
      position += got;
    }
  };
  fill(Math.min(4096, size));
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const { wrapped, opener, closer } = wrapperOf(buffer.toString("utf8", 0, Math.min(filled, 4096)));
  let start = bom;
  let first = true;
  while (true) {
    // The end of this part: the first boundary at least `partBytes` past its start. A window with
    // none is searched again larger, then the search moves on by half a large window (a comma
    // whose entry the window cut off is seen again), so an entry larger than a part costs a few
    // searches, not one per part's length.
    let from = start + partBytes;
    let window = FIRST_WINDOW;
    let cut = -1;
    while (true) {
      fill(from + window);
      if (from >= filled) break;
      const boundary = findEntryBoundary(buffer.subarray(from, Math.min(filled, from + window)));
      if (boundary !== -1) {
        cut = from + boundary;
        break;
      }
      if (window < SEARCH_WINDOW) window = SEARCH_WINDOW;
      else from += SEARCH_WINDOW / 2;
    }
    const last = cut === -1;
    const part: HarPart = {
      start,
      end: last ? filled : cut,
      prefix: first ? "" : opener,
      suffix: last ? "" : closer,
      first,
      last,
      wrapped,
    };
    let root: unknown;
    try {
      root = JSON.parse(part.prefix + buffer.toString("utf8", part.start, part.end) + part.suffix);
    } catch {
      return false;
    }
    const parsed = parseHarDocument(root);
    const entries = parsed.ok ? entriesOfPart(root, part) : null;
    if (!parsed.ok || !entries) return false;
    onPart(entries, parsed.log.pages, parsed.log);
    if (last) return true;
    // Keep what follows the cut's comma at the front of the buffer.
    buffer.copy(buffer, 0, cut + 1, filled);
    filled -= cut + 1;
    start = 0;
    first = false;
  }
}
