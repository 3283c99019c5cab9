/**
 * Proof that an engine refactor changes no behaviour: diagnoses every engine case
 * (test/fixtures/engine-cases), every exchange of every lab fixture (test/fixtures/lab) and of the
 * HAR fixtures (test/fixtures/har) — read with readHar(), as the tests do — and writes canonical
 * JSON (sorted keys) of every Diagnosis, the five answers and the explanation texts to one file.
 * Prints its sha256: run it before and after a refactor; the hashes must be equal.
 *
 *   npx tsx scripts/diagnosis-snapshot.ts [out-file]   (default build/diagnosis-snapshot.json)
 */

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { readHar } from "../src/capture/index.js";
import { diagnose } from "../src/engine/index.js";
import type { Diagnosis, Exchange } from "../src/engine/types.js";
import { answerQuestions, describeMode, explainDiagnosis, headline } from "../src/explain/index.js";
import { buildExchange, loadCaseFiles } from "../test/engine/case-builder.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** JSON with object keys sorted at every level, so the bytes depend only on the values. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    // Own enumerable keys, getters included (Diagnosis.questions is computed on first read).
    for (const key of Object.keys(value).sort()) sorted[key] = canonical((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

function record(diagnosis: Diagnosis): unknown {
  return {
    diagnosis,
    headline: headline(diagnosis),
    explained: explainDiagnosis(diagnosis),
    answers: answerQuestions(diagnosis),
    mode: describeMode(diagnosis),
  };
}

function harExchanges(file: string): Array<{ name: string; exchange: Exchange }> {
  const json = JSON.parse(readFileSync(file, "utf8")) as { har?: unknown; log?: unknown };
  const read = readHar(json.har ?? json);
  if (!read.ok) throw new Error(`${file}: readHar failed: ${read.message}`);
  return read.exchanges.map((captured, index) => ({ name: `#${index}`, exchange: captured.exchange }));
}

function jsonFiles(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

const out: Record<string, unknown> = {};
let count = 0;

for (const file of loadCaseFiles()) {
  for (const c of file.cases) {
    out[`engine-cases/${file.file}: ${c.name}`] = record(diagnose(buildExchange(c)));
    count++;
  }
}
for (const file of [
  ...jsonFiles(join(ROOT, "test/fixtures/lab"), ".json"),
  ...jsonFiles(join(ROOT, "test/fixtures/har"), ".har"),
]) {
  for (const { name, exchange } of harExchanges(file)) {
    out[`${relative(ROOT, file)} ${name}`] = record(diagnose(exchange));
    count++;
  }
}

const target = process.argv[2] ?? join(ROOT, "build", "diagnosis-snapshot.json");
const text = `${JSON.stringify(canonical(out), null, 1)}\n`;
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, text);
const sha = createHash("sha256").update(text).digest("hex");
process.stdout.write(`${count} diagnoses -> ${relative(process.cwd(), target)}\nsha256 ${sha}\n`);
