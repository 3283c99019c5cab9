/**
 * The filtered list kept in step with the full list change by change (src/panel/state/visible-rows.ts):
 * after any sequence of inserts, replacements and removals it equals filtering every row, and it
 * does not filter every row to get there.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RowFilter, rowFilter } from "../../src/panel/state/filters.js";
import type { Row } from "../../src/panel/state/row.js";
import { rowMatches, VisibleRows } from "../../src/panel/state/visible-rows.js";

const VERDICTS = ["allowed", "blocked", "not-cors"] as const;

function row(id: number, verdict: (typeof VERDICTS)[number], path: string): Row {
  return {
    id: String(id),
    captured: { exchange: { hops: [{ request: { method: "GET", url: `http://api.test/${path}` } }] } },
    diagnosis: { verdict, corsError: null, findings: [] },
    chrome: null,
    disagrees: false,
  } as unknown as Row;
}

type Op =
  | { kind: "insert"; at: number; verdict: number; path: string }
  | { kind: "replace"; at: number; verdict: number; path: string }
  | { kind: "remove"; at: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    verdict: fc.nat(2),
    path: fc.constantFrom("items", "secret", "poll"),
  }),
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    verdict: fc.nat(2),
    path: fc.constantFrom("items", "secret", "poll"),
  }),
  fc.record({ kind: fc.constant("remove" as const), at: fc.nat() }),
);

const filterArb: fc.Arbitrary<RowFilter> = fc
  .record({
    text: fc.constantFrom("", "secret", "api.test/items", "blocked"),
    blockedOnly: fc.boolean(),
    showNotCors: fc.boolean(),
  })
  .map(({ text, ...flags }) => rowFilter(text, flags));

// Property runs: seconds on a loaded machine; the bound only guards against a hang.
describe("VisibleRows", { timeout: 60_000 }, () => {
  it("equals filtering every row after any changes, without filtering every row again", () => {
    fc.assert(
      fc.property(filterArb, fc.array(fc.array(op, { maxLength: 6 }), { maxLength: 30 }), (filter, flushes) => {
        const visible = new VisibleRows();
        const list: Row[] = [];
        let published: readonly Row[] = [];
        let nextId = 0;
        visible.get(published, filter);
        const before = visible.fullFilters;
        let lost = false;
        for (const changes of flushes) {
          visible.begin(published, filter);
          for (const change of changes) {
            if (change.kind === "insert") {
              const at = change.at % (list.length + 1);
              const added = row(nextId++, VERDICTS[change.verdict] as (typeof VERDICTS)[number], change.path);
              list.splice(at, 0, added);
              visible.inserted(added, list, at);
            } else if (list.length > 0) {
              const at = change.at % list.length;
              const previous = list[at] as Row;
              if (change.kind === "remove") {
                list.splice(at, 1);
                visible.removed(previous);
              } else {
                const next = row(nextId++, VERDICTS[change.verdict] as (typeof VERDICTS)[number], change.path);
                list[at] = next;
                visible.replaced(previous, next, list, at);
              }
            }
          }
          published = list.slice();
          visible.commit(published);
          expect(visible.get(published, filter)).toEqual(list.filter((r) => rowMatches(r, filter)));
          // Lists here are short, so a new row always finds its place by looking back.
          if (visible.fullFilters !== before) lost = true;
        }
        expect(lost).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("filters the whole list again when the filter changes", () => {
    const visible = new VisibleRows();
    const rows = [row(1, "blocked", "secret"), row(2, "allowed", "items"), row(3, "not-cors", "poll")];
    const all = { blockedOnly: false, showNotCors: false };
    expect(visible.get(rows, rowFilter("", all))).toEqual(rows.slice(0, 2));
    expect(visible.get(rows, rowFilter("", { ...all, blockedOnly: true }))).toEqual(rows.slice(0, 1));
    // Showing everything needs no copy at all.
    expect(visible.get(rows, rowFilter("", { ...all, showNotCors: true }))).toBe(rows);
  });
});
