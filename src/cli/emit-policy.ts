/**
 * `cors-doctor har <file> --emit-policy [-o cors-policy.json]`: the CORS contract the capture shows
 * the app needs (src/policy), as JSON. Diagnoses the redacted capture, like every other surface.
 */

import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { ReadHarResult } from "../capture/index.js";
import { diagnose } from "../engine/index.js";
import { EMPTY_POLICY_NOTE, emittedPolicySummary } from "../explain/index.js";
import { terminalSafe } from "../explain/terminal-safe.js";
import { extractPolicy, type PolicyFile } from "../policy/index.js";
import { redactCaptured } from "../redact/index.js";
import { auditProbes } from "./audit.js";
import { UsageError } from "./errors.js";
import { readHarFile } from "./read-har-file.js";
import { VERSION } from "./version.js";

/** The policy of a read capture: its redacted exchanges diagnosed, then extracted. */
export function policyOfCapture(capture: ReadHarResult & { ok: true }, file: string): PolicyFile {
  const diagnosed = capture.exchanges.map((raw) => {
    const { exchange } = redactCaptured(raw, { includeSecrets: false });
    return { exchange, diagnosis: diagnose(exchange) };
  });
  return extractPolicy(diagnosed, { file, producer: capture.producer.kind }, `cors-doctor ${VERSION}`, (trusted) =>
    auditProbes(trusted).filter((probe) => probe.class !== "baseline"),
  );
}

/** Writes the policy to `output` (a summary line on stdout), or prints it when there is none. Exit 0. */
export async function runEmitPolicy(
  path: string,
  output: string | undefined,
  out: (text: string) => void,
): Promise<number> {
  const policy = policyOfCapture(await readHarFile(path), basename(path));
  if (policy.servers.length === 0) process.stderr.write(`cors-doctor: note: ${EMPTY_POLICY_NOTE}\n`);
  const json = `${JSON.stringify(policy, null, 2)}\n`;
  if (output === undefined) {
    out(json.trimEnd());
    return 0;
  }
  await writeFile(output, json).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write ${output}: ${error.code ?? error.message}`);
  });
  const allow = policy.servers.reduce((n, s) => n + s.allow.length, 0);
  const block = policy.servers.reduce((n, s) => n + s.block.length, 0);
  out(emittedPolicySummary(policy.servers.length, allow, block, terminalSafe(output)));
  return 0;
}
