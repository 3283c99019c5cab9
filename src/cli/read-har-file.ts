import { readFile, stat } from "node:fs/promises";
import { type ReadHarResult, readHar } from "../capture/index.js";
import { UsageError } from "./errors.js";
import { note } from "./progress.js";

/** Reads, parses and validates a HAR file; every failure becomes a one-line UsageError. */
export async function readHarFile(path: string): Promise<ReadHarResult & { ok: true }> {
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
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  note("");
  const result = readHar(document);
  if (!result.ok) throw new UsageError(`${path} is ${result.message}`);
  return result;
}
