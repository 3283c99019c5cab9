/**
 * `cors-doctor check <policy.json>`: sends every rule of a CORS contract (src/policy) as a
 * browser's fetch() would (probe's client: the preflight when one is needed, then the request),
 * diagnoses the answers with the engine and reports each rule that does not hold.
 */

import { readFile, stat } from "node:fs/promises";
import { parseJsonText } from "../capture/index.js";
import { type Diagnosis, diagnose, getHeader, type HeaderLine, parseUrl } from "../engine/index.js";
import {
  type BlockRule,
  isViolation,
  judgeRule,
  type PolicyFile,
  parsePolicy,
  type RuleKind,
} from "../policy/index.js";
import { redactExchange } from "../redact/index.js";
import { type AuditSeverity, auditSeverity } from "./audit.js";
import { type CheckResult, renderCheckJson, renderCheckText } from "./check-output.js";
import { UsageError } from "./errors.js";
import { EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { writeJunit } from "./junit.js";
import { DEFAULT_TIMEOUT_MS, parseResolveOption, probeExchange } from "./probe-command.js";

export interface CheckOptions {
  readonly baseUrl?: readonly string[];
  readonly json?: boolean;
  readonly junit?: string;
  readonly resolve?: readonly string[];
  readonly timeout?: number;
  readonly insecure?: boolean;
}

/** A policy is a small file; anything larger is not one. */
const MAX_POLICY_BYTES = 16 * 1024 * 1024;

export async function runCheck(path: string, options: CheckOptions, out: (text: string) => void): Promise<number> {
  const policy = await readPolicyFile(path);
  // An empty contract would pass every deployment: more likely the wrong file or capture.
  if (policy.servers.every((server) => server.allow.length === 0 && server.block.length === 0))
    throw new UsageError(`${path} has no rules to check`);
  const targets = parseBaseUrls(options.baseUrl ?? [], policy);
  const resolve = parseResolveOption(options.resolve ?? []);
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const results: CheckResult[] = [];
  for (const server of policy.servers) {
    const target = targets.get(server.server) ?? server.server;
    const rules: Array<{ kind: RuleKind; rule: (typeof server.allow)[number] | BlockRule }> = [
      ...server.allow.map((rule) => ({ kind: "allow" as const, rule })),
      ...server.block.map((rule) => ({ kind: "block" as const, rule })),
    ];
    // A server that does not answer one request is not asked the rest: every wait is bounded,
    // and a dead server would otherwise cost one deadline per rule.
    let silent = false;
    for (const { kind, rule } of rules) {
      const url = `${target}${rule.path}`;
      if (silent) {
        results.push({ server: server.server, url, kind, rule, outcome: "skipped", diagnosis: null, severity: null });
        continue;
      }
      const sent = await probeExchange({
        origin: rule.origin,
        url,
        method: rule.method,
        headers: rule.headers.map(placeholderHeader),
        body: undefined,
        credentials: rule.credentials,
        resolve,
        timeoutMs,
        insecure: options.insecure ?? false,
      });
      const diagnosis = diagnose(redactExchange(sent));
      const outcome = judgeRule(kind, diagnosis);
      if (outcome === "no-answer") silent = true;
      const severity =
        kind === "block" && outcome === "must-be-blocked-but-allowed"
          ? blockSeverity(rule as BlockRule, diagnosis, sent)
          : null;
      results.push({ server: server.server, url, kind, rule, outcome, diagnosis, severity });
    }
  }
  out(options.json ? renderCheckJson(path, policy, results) : renderCheckText(path, policy, results, targets));
  if (options.junit) await writeJunit(options.junit, path, policy, results);
  if (results.some((r) => r.outcome === "no-answer" || r.outcome === "skipped")) return EXIT_USAGE;
  return results.some((r) => r.outcome !== "skipped" && isViolation(r.outcome)) ? EXIT_PROBLEMS : EXIT_CLEAN;
}

/** The audit's severity, raised when the response let credentials through too. */
function blockSeverity(
  rule: BlockRule,
  diagnosis: Diagnosis,
  exchange: { readonly hops: readonly { readonly response: { readonly headers: readonly HeaderLine[] } }[] },
): AuditSeverity {
  const hop = exchange.hops[diagnosis.hop] ?? exchange.hops[exchange.hops.length - 1];
  const credentialed = hop ? getHeader(hop.response.headers, "Access-Control-Allow-Credentials") === "true" : false;
  return auditSeverity(rule.class, credentialed);
}

/**
 * The policy holds header names only. The probe sends a value that keeps each name CORS-unsafe,
 * as the page's was (a safelisted value would skip the preflight the app needs).
 */
export function placeholderHeader(name: string): HeaderLine {
  switch (name) {
    case "content-type":
      return { name, value: "application/json" };
    case "authorization":
      return { name, value: "Bearer cors-doctor-check" };
    case "accept":
    case "accept-language":
    case "content-language":
    case "range":
      // A colon is outside these headers' safelisted bytes.
      return { name, value: "cors-doctor:check" };
    default:
      return { name, value: "cors-doctor-check" };
  }
}

async function readPolicyFile(path: string): Promise<PolicyFile> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`${path} is not a regular file`);
    if (info.size > MAX_POLICY_BYTES) throw new UsageError(`${path} is over 16 MB: not a policy file`);
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`no such file: ${path}`);
    throw new UsageError(`cannot read ${path}: ${code ?? (error as Error).message}`);
  }
  const json = parseJsonText(text);
  if (!json.ok) throw new UsageError(`${path} is not JSON: ${json.message}`);
  const parsed = parsePolicy(json.value);
  if (!parsed.ok) throw new UsageError(`${path} is ${parsed.message}`);
  return parsed.policy;
}

/**
 * `--base-url <captured origin>=<url>`: the deployment to send a captured server's rules to. The
 * URL may carry a path prefix (`https://staging.example/api`); the rule's path is appended.
 */
export function parseBaseUrls(values: readonly string[], policy: PolicyFile): Map<string, string> {
  const servers = policy.servers.map((s) => s.server);
  const map = new Map<string, string>();
  for (const value of values) {
    const equals = value.indexOf("=");
    const captured = equals === -1 ? "" : value.slice(0, equals);
    const base = parseUrl(value.slice(equals + 1));
    if (
      equals === -1 ||
      !base ||
      (base.protocol !== "http:" && base.protocol !== "https:") ||
      base.search ||
      base.href.includes("#")
    )
      throw new UsageError(
        `--base-url must look like <captured origin>=<http(s) URL>, e.g. https://api.example=http://127.0.0.1:8080: ${value}`,
      );
    if (!servers.includes(captured))
      throw new UsageError(
        `--base-url names ${captured}, which is not a server of the policy (its servers: ${servers.join(", ") || "none"})`,
      );
    map.set(captured, `${base.origin}${base.pathname.replace(/\/+$/, "")}`);
  }
  return map;
}
