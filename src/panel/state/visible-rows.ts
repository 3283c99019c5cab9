/**
 * The rows the filters show, kept in step with the full list one change at a time: a new request
 * costs a few comparisons instead of filtering 10,000 rows again. Any change it cannot place
 * cheaply (many rows removed at once, a row with no shown row near it) makes the next read
 * filter the whole list, which is always correct.
 */

import type { RowFilter } from "./filters.js";
import type { Row } from "./row.js";

/** How far back from a new row to look for a shown row to place it after. */
const MAX_SCAN = 512;

/** Lower-cased text the filter box searches, made when first searched (most rows never are). */
const haystacks = new WeakMap<Row, string>();
export function haystackOf(row: Row): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    const { captured, diagnosis } = row;
    const first = captured.exchange.hops[0];
    text =
      `${first?.request.method ?? ""} ${captured.exchange.hops.map((h) => h.request.url).join(" ")} ${diagnosis.verdict} ${diagnosis.corsError ?? ""} ${diagnosis.findings.map((f) => f.code).join(" ")}`.toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

export function rowMatches(row: Row, filter: RowFilter): boolean {
  for (const keeps of filter.keeps) if (!keeps(row)) return false;
  return filter.text === "" || haystackOf(row).includes(filter.text);
}

const showsEverything = (f: RowFilter) => f.text === "" && f.keeps.length === 0;

export class VisibleRows {
  private shown: Row[] = [];
  private filter: RowFilter | null = null;
  private key: string | null = null;
  /** The full list `shown` was derived from; null when it must be filtered again. */
  private source: readonly Row[] | null = null;
  private published: readonly Row[] | null = null;
  /** Whether the changes since the last `begin` are being applied (the filter has not changed). */
  private tracking = false;
  private changed = false;
  /** How many times the whole list was filtered (a test proves updates do not). */
  fullFilters = 0;

  /** The shown rows of `all` under `filter`. */
  get(all: readonly Row[], filter: RowFilter): readonly Row[] {
    if (showsEverything(filter)) {
      this.reset();
      return all;
    }
    const key = filter.key;
    if (key !== this.key || this.source !== all || this.published === null) {
      if (key !== this.key || this.source !== all) {
        this.shown = all.filter((row) => rowMatches(row, filter));
        this.fullFilters++;
        this.filter = filter;
        this.key = key;
        this.source = all;
      }
      this.published = this.shown.slice();
    }
    return this.published;
  }

  /** Before the full list changes: `current` is the list as last published, `filter` the current one. */
  begin(current: readonly Row[], filter: RowFilter): void {
    this.tracking = this.source === current && this.key === filter.key && this.filter !== null;
    this.changed = false;
    if (!this.tracking) this.source = null;
  }

  /** After the changes: `next` is the list about to be published. */
  commit(next: readonly Row[]): void {
    if (!this.tracking) return;
    this.tracking = false;
    this.source = next;
    if (this.changed) this.published = null;
  }

  removed(row: Row): void {
    if (!this.tracking || !rowMatches(row, this.filter as RowFilter)) return;
    const index = indexFromEnds(this.shown, row);
    if (index < 0) {
      this.invalidate();
      return;
    }
    this.shown.splice(index, 1);
    this.changed = true;
  }

  /** `list[index]` is now `row`; it was `previous`. */
  replaced(previous: Row, row: Row, list: readonly Row[], index: number): void {
    if (!this.tracking) return;
    const filter = this.filter as RowFilter;
    const was = rowMatches(previous, filter);
    const is = rowMatches(row, filter);
    if (was && is) {
      const at = indexFromEnds(this.shown, previous);
      if (at < 0) {
        this.invalidate();
        return;
      }
      this.shown[at] = row;
      this.changed = true;
    } else if (was) {
      this.removed(previous);
    } else if (is) {
      this.inserted(row, list, index);
    }
  }

  /** `row` was inserted into the full list at `index`. */
  inserted(row: Row, list: readonly Row[], index: number): void {
    if (!this.tracking) return;
    const filter = this.filter as RowFilter;
    if (!rowMatches(row, filter)) return;
    // Place it after the nearest earlier row that is shown.
    let at = 0;
    const stop = Math.max(0, index - MAX_SCAN);
    let j = index - 1;
    for (; j >= stop; j--) {
      const earlier = list[j] as Row;
      if (!rowMatches(earlier, filter)) continue;
      const found = indexFromEnds(this.shown, earlier);
      if (found < 0) {
        this.invalidate();
        return;
      }
      at = found + 1;
      break;
    }
    if (j < stop && stop > 0) {
      this.invalidate();
      return;
    }
    if (at === this.shown.length) this.shown.push(row);
    else this.shown.splice(at, 0, row);
    this.changed = true;
  }

  /** Many rows changed at once: filter the whole list at the next read. */
  invalidate(): void {
    this.tracking = false;
    this.source = null;
  }

  reset(): void {
    this.shown = [];
    this.filter = null;
    this.key = null;
    this.source = null;
    this.published = null;
    this.tracking = false;
  }
}

/** Index of `row` in `rows`, looking from both ends (changes happen near the start or the end). */
function indexFromEnds(rows: readonly Row[], row: Row): number {
  for (let low = 0, high = rows.length - 1; low <= high; low++, high--) {
    if (rows[high] === row) return high;
    if (rows[low] === row) return low;
  }
  return -1;
}
