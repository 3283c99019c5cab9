/** Policies extracted from the committed HAR and lab fixtures, the way `har --emit-policy` does. */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readHar } from "../../src/capture/index.js";
import { policyOfCapture } from "../../src/cli/emit-policy.js";
import type { PolicyFile } from "../../src/policy/index.js";

export const HAR_DIR = join(import.meta.dirname, "../fixtures/har");
export const LAB_DIR = join(import.meta.dirname, "../fixtures/lab");

export const HAR_FILES = readdirSync(HAR_DIR).filter((f) => f.endsWith(".har"));
export const LAB_FILES = readdirSync(LAB_DIR).filter((f) => f.endsWith(".json"));

export function harDocument(file: string): unknown {
  return JSON.parse(readFileSync(join(HAR_DIR, file), "utf8"));
}

export function labDocument(file: string): unknown {
  return (JSON.parse(readFileSync(join(LAB_DIR, file), "utf8")) as { har: unknown }).har;
}

export function policyOf(document: unknown, file: string): PolicyFile {
  const read = readHar(document);
  if (!read.ok) throw new Error(`${file}: ${read.message}`);
  return policyOfCapture(read, file);
}
