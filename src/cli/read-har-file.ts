import { readFile, stat } from "node:fs/promises";
import {
  type CapturedEntry,
  type HarPage,
  normalizeHarEntry,
  parseHarDocument,
  type ReadHarResult,
  readHar,
} from "../capture/index.js";
import { UsageError } from "./errors.js";
import { note } from "./progress.js";

/** Reads and parses a HAR file; every failure becomes a one-line UsageError. */
async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory, not a HAR file`);
    if (info.size > 20 * 1024 * 1024) note(`reading ${path} (${Math.round(info.size / 1024 / 1024)} MB)…`);
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`no such file: ${path}`);
    if (code === "EACCES") throw new UsageError(`permission denied: ${path}`);
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  } finally {
    note("");
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
export async function readHarEntries(path: string): Promise<{ entries: CapturedEntry[]; pages: readonly HarPage[] }> {
  const parsed = parseHarDocument(await readJsonFile(path));
  if (!parsed.ok) throw new UsageError(`${path} is ${parsed.message}`);
  return { entries: parsed.log.entries.map((raw, index) => normalizeHarEntry(raw, index)), pages: parsed.log.pages };
}
