/**
 * `check --junit <file>`: one JUnit XML testcase per rule, one testsuite per server, as CI systems
 * (GitHub Actions reporters, GitLab, Jenkins) read it. Every text is escaped for XML 1.0, which has
 * no escape for most control characters: those are shown as `\x1b` (terminal-safe) first.
 */

import { writeFile } from "node:fs/promises";
import { terminalSafe } from "../explain/terminal-safe.js";
import type { PolicyFile } from "../policy/index.js";
import { type CheckResult, checkTotals, resultWords, ruleTitle } from "./check-output.js";
import { UsageError } from "./errors.js";

export function escapeXml(text: string): string {
  return (
    terminalSafe(text)
      // Lone surrogates and U+FFFE/U+FFFF are not XML characters either.
      .replace(/[\uD800-\uDFFF\uFFFE\uFFFF]/gu, "\uFFFD")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

export function renderJunit(path: string, policy: PolicyFile, results: readonly CheckResult[]): string {
  const all = checkTotals(results);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`cors-doctor check ${path}`)}" tests="${all.rules}" failures="${all.violations}" errors="${all.noAnswer}">`,
  ];
  for (const server of policy.servers) {
    const own = results.filter((r) => r.server === server.server);
    const totals = checkTotals(own);
    lines.push(
      `  <testsuite name="${escapeXml(server.server)}" tests="${totals.rules}" failures="${totals.violations}" errors="${totals.noAnswer}" skipped="0">`,
    );
    for (const result of own) {
      const name = escapeXml(ruleTitle(result));
      const open = `    <testcase classname="${escapeXml(server.server)}" name="${name}">`;
      if (result.outcome === "holds") {
        lines.push(`${open}</testcase>`);
        continue;
      }
      const words = resultWords(result);
      const element = result.outcome === "no-answer" || result.outcome === "skipped" ? "error" : "failure";
      const type = result.severity ? `${result.outcome} (${result.severity})` : result.outcome;
      const body = [`${result.kind} ${result.url}`, words.headline, words.explanation]
        .filter(Boolean)
        .map(escapeXml)
        .join("\n");
      lines.push(
        open,
        `      <${element} message="${escapeXml(words.headline)}" type="${escapeXml(type)}">${body}</${element}>`,
        "    </testcase>",
      );
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

export async function writeJunit(
  file: string,
  path: string,
  policy: PolicyFile,
  results: readonly CheckResult[],
): Promise<void> {
  await writeFile(file, renderJunit(path, policy, results)).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write ${file}: ${error.code ?? error.message}`);
  });
}
