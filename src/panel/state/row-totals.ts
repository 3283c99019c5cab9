/**
 * Running totals over the rows, kept up to date as rows come, change and go, so that an update
 * never walks every row (10,000 of them in a long session).
 */

import type { Row } from "./row.js";

export interface Totals {
  readonly blocked: number;
  readonly corsRequests: number;
  /** Rows needing a preflight that was never captured. */
  readonly captureGaps: number;
}

const NONE: Totals = { blocked: 0, corsRequests: 0, captureGaps: 0 };

export class RowTotals {
  /** A new object at each change, so a signal holding it sees the change. */
  totals: Totals = NONE;
  /** How many rows have a hop with each URL (Chrome reports for other URLs are "Chrome only"). */
  private readonly urls = new Map<string, number>();

  /** Adds a row (sign 1) or takes it out (sign -1). */
  account(row: Row, sign: 1 | -1): void {
    const { totals } = this;
    const verdict = row.diagnosis.verdict;
    const hasGap = row.diagnosis.findings.some((f) => f.code === "PREFLIGHT_NOT_CAPTURED");
    this.totals = {
      blocked: totals.blocked + (verdict === "blocked" ? sign : 0),
      corsRequests: totals.corsRequests + (verdict !== "not-cors" ? sign : 0),
      captureGaps: totals.captureGaps + (hasGap ? sign : 0),
    };
    for (const hop of row.captured.exchange.hops) {
      const url = hop.request.url;
      const count = (this.urls.get(url) ?? 0) + sign;
      if (count > 0) this.urls.set(url, count);
      else this.urls.delete(url);
    }
  }

  /** Whether some row has a hop with this URL. */
  hasUrl(url: string): boolean {
    return this.urls.has(url);
  }

  reset(): void {
    this.totals = NONE;
    this.urls.clear();
  }
}
