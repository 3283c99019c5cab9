import { closeSync, openSync, readSync, type Stats } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import {
  type CapturedEntry,
  detectProducer,
  type HarLog,
  type HarPage,
  type HarProducer,
  normalizeHarEntry,
  parseHarDocument,
  parseJsonText,
  producerSniffer,
  type ReadHarResult,
  readHar,
} from "../capture/index.js";
import { Interner } from "../capture/intern.js";
import { UsageError } from "./errors.js";
import { PART_BYTES, parseInParts, type ReadAt } from "./har-split.js";
import { note } from "./progress.js";

/**
 * The largest HAR read: Node reads at most 2 GiB into one buffer (fs.readFile), and a file that
 * large is refused with that reason instead of Node's error.
 */
export const MAX_HAR_BYTES = 2 ** 31 - 1;

/** What a path is, when it is not a regular file: read() on these never ends or fails oddly. */
function kindOf(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/** Why reading a file failed, as a one-line UsageError. */
function readError(path: string, error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new UsageError(`no such file: ${path}`);
  if (code === "EACCES") return new UsageError(`permission denied: ${path}`);
  return new UsageError(`cannot read ${path}: ${(error as Error).message}`);
}

/**
 * The size of the HAR file at `path`; every failure becomes a one-line UsageError. Only regular
 * files are read, and only up to MAX_HAR_BYTES: /dev/zero, a FIFO or a directory would read
 * forever or fail oddly.
 */
async function harFileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    const kind = kindOf(info);
    if (kind) throw new UsageError(`${path} is ${kind}, not a HAR file: only regular files are read`);
    if (info.size > MAX_HAR_BYTES)
      throw new UsageError(
        `${path} is ${(info.size / 1024 ** 3).toFixed(1)} GiB: HAR files up to 2 GiB are read (split the capture)`,
      );
    return info.size;
  } catch (error) {
    throw readError(path, error);
  }
}

/** Reads a file whole (after harFileSize's checks); every failure becomes a one-line UsageError. */
async function readFileBytes(path: string): Promise<Buffer> {
  const size = await harFileSize(path);
  if (size > 20 * 1024 * 1024) note(`reading ${path} (${Math.round(size / 1024 / 1024)} MB)…`);
  try {
    return await readFile(path);
  } catch (error) {
    throw readError(path, error);
  }
}

/**
 * Parses a file's text as JSON, leniently (a BOM, no-break-space indentation: see parseJsonText);
 * invalid JSON becomes a one-line UsageError with the line, the column and what to try.
 */
function parseJson(path: string, bytes: Buffer): unknown {
  const result = parseJsonText(bytes.toString("utf8"));
  note("");
  if (!result.ok) throw new UsageError(`${path} is not JSON: ${result.message}`);
  if (result.repaired) process.stderr.write(`cors-doctor: note: ${path}: ${result.repaired}\n`);
  return result.value;
}

/** Reads and parses a HAR file; every failure becomes a one-line UsageError. */
async function readJsonFile(path: string): Promise<unknown> {
  return parseJson(path, await readFileBytes(path));
}

/** Files at least this large are parsed in parts of about PART_BYTES (see parseInParts). */
export const PARTS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * The normalized entries of a large HAR, read and parsed a part at a time (see parseInParts): the
 * file is never in memory whole. Null when a part is not a clean cut, or reading fails (the whole
 * read then says why).
 */
function entriesInParts(
  path: string,
  size: number,
  partBytes: number,
): { entries: CapturedEntry[]; pages: HarPage[]; creator: HarLog["creator"]; producer: HarProducer } | null {
  const entries: CapturedEntry[] = [];
  const pages: HarPage[] = [];
  let creator: HarLog["creator"] = { name: null, version: null };
  const sniffer = producerSniffer();
  const interner = new Interner();
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const read: ReadAt = (target, offset, length, position) => readSync(fd, target, offset, length, position);
    const ok = parseInParts(read, size, partBytes, (raw, partPages, log) => {
      pages.push(...partPages);
      // The creator sits in whichever part holds the document's head (or tail).
      if (creator.name === null) creator = log.creator;
      sniffer.observe(log, raw);
      for (const entry of raw) entries.push(interner.entry(normalizeHarEntry(entry, entries.length)));
    });
    return ok ? { entries, pages, creator, producer: sniffer.result() } : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Reads, parses and validates a HAR file and builds its exchanges (reports need all of them). */
export async function readHarFile(path: string): Promise<ReadHarResult & { ok: true }> {
  const result = readHar(await readJsonFile(path));
  if (!result.ok) throw new UsageError(`${path} is ${result.message}`);
  return result;
}

/**
 * Reads a HAR file down to its normalized entries and pages; the parsed document is not kept, so
 * a large file's bodies and timings can be collected while its exchanges are diagnosed one by one.
 */
export async function readHarEntries(
  path: string,
  tuning: { readonly partsMinBytes?: number; readonly partBytes?: number } = {},
): Promise<{
  entries: CapturedEntry[];
  pages: readonly HarPage[];
  creator: HarLog["creator"];
  /** The tool that wrote the file (capture/producer.ts). */
  producer: HarProducer;
  inParts: boolean;
}> {
  const size = await harFileSize(path);
  if (size >= (tuning.partsMinBytes ?? PARTS_MIN_BYTES)) {
    if (size > 20 * 1024 * 1024) note(`reading ${path} (${Math.round(size / 1024 / 1024)} MB)…`);
    const inParts = entriesInParts(path, size, tuning.partBytes ?? PART_BYTES);
    note("");
    if (inParts) return { ...inParts, inParts: true };
  }
  const bytes = await readFileBytes(path);
  const parsed = parseHarDocument(parseJson(path, bytes));
  if (!parsed.ok) throw new UsageError(`${path} is ${parsed.message}`);
  const interner = new Interner();
  return {
    entries: parsed.log.entries.map((raw, index) => interner.entry(normalizeHarEntry(raw, index))),
    pages: parsed.log.pages,
    creator: parsed.log.creator,
    producer: detectProducer(parsed.log, parsed.log.entries),
    inParts: false,
  };
}
