/**
 * The report as JSON: exactly `JSON.stringify(report, null, 2)` plus a newline, in pieces. The
 * exchanges array is the report's last field; each exchange is indented to its place in it
 * (JSON.stringify escapes newlines inside strings, so every newline it writes is layout).
 */

import type { Report } from "./model.js";
import type { ReportHead, ReportParts } from "./parts.js";

const ITEM_INDENT = "    ";

function jsonHead(head: ReportHead): string {
  const report: Report = {
    schemaVersion: head.schemaVersion,
    environment: head.environment,
    redacted: head.redacted,
    bodiesIncluded: head.bodiesIncluded,
    fixes: head.fixes,
    exchanges: [],
  };
  const text = JSON.stringify(report, null, 2);
  const end = '"exchanges": []\n}';
  if (!text.endsWith(end)) throw new Error("the report's exchanges must be its last field");
  return `${text.slice(0, -end.length)}"exchanges": [`;
}

export const JSON_PARTS: ReportParts = {
  head: jsonHead,
  exchange: (x, index) =>
    `${index > 0 ? "," : ""}\n${ITEM_INDENT}${JSON.stringify(x, null, 2).replaceAll("\n", `\n${ITEM_INDENT}`)}`,
  tail: (count) => (count === 0 ? "]\n}\n" : "\n  ]\n}\n"),
};
