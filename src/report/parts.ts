/**
 * A report as three kinds of piece: the head (title, counts, environment), one piece per exchange,
 * and the tail. Rendering a whole report joins them; the CLI writes them one at a time
 * (stream.ts), so a report of any size is never held in memory as one string. Each format's
 * pieces concatenate to exactly its whole rendering.
 */

import type { Report, ReportEnvironment, ReportExchange } from "./model.js";
import type { ReportServerFix } from "./server-fixes.js";

/** What the head says: everything but the exchanges, and their counts. */
export interface ReportHead {
  readonly schemaVersion: number;
  readonly environment: ReportEnvironment;
  readonly redacted: boolean;
  readonly bodiesIncluded: boolean;
  readonly count: number;
  readonly blocked: number;
  /** One fix per server, merged from every exchange (server-fixes.ts): the head renders them. */
  readonly fixes: readonly ReportServerFix[];
}

export interface ReportParts {
  head(head: ReportHead): string;
  exchange(x: ReportExchange, index: number): string;
  tail(count: number): string;
}

export function headOf(report: Report): ReportHead {
  return {
    schemaVersion: report.schemaVersion,
    environment: report.environment,
    redacted: report.redacted,
    bodiesIncluded: report.bodiesIncluded,
    fixes: report.fixes,
    count: report.exchanges.length,
    blocked: report.exchanges.filter((x) => x.summary.verdict === "blocked").length,
  };
}

export function renderParts(parts: ReportParts, report: Report): string {
  return [
    parts.head(headOf(report)),
    ...report.exchanges.map((x, index) => parts.exchange(x, index)),
    parts.tail(report.exchanges.length),
  ].join("");
}
