import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateHar } from "../../bench/generate-har.js";
import { progressText } from "../../src/panel/components/toolbar.js";
import { createPanelState } from "../../src/panel/state/panel-state.js";

const ENTRIES = 3_000;
const TEXT = generateHar(ENTRIES);

/** A panel whose redraws wait in a queue the test runs: a real budgeted flush, one at a time. */
function queuedPanel() {
  const queue: Array<() => void> = [];
  const state = createPanelState({ schedule: (flush) => queue.push(flush) });
  return { state, queue };
}

/** The reference: the same file with every update applied at once. */
async function reference() {
  const state = createPanelState({ schedule: (flush) => flush() });
  expect(await state.importHar(TEXT, "big.har")).toBe(true);
  state.flush();
  return state;
}

describe("a big import drawn as it is diagnosed", { timeout: 120_000 }, () => {
  it("shows the first rows with their diagnoses at once, says how far it is, and ends with every count right", async () => {
    const expected = await reference();
    const { state, queue } = queuedPanel();
    expect(await state.importHar(TEXT, "big.har")).toBe(true);

    // The first redraw diagnoses a budget's worth, in start order: the top of the list, complete.
    (queue.shift() as () => void)();
    const first = state.rows.value;
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(expected.rows.value.length);
    expect(first.map((r) => r.id)).toEqual(expected.rows.value.slice(0, first.length).map((r) => r.id));
    const progress = state.diagnosing.value;
    expect(progress).not.toBeNull();
    expect(progress?.done).toBe(first.length);
    expect(progress?.total).toBe(expected.rows.value.length);
    expect(progressText(progress)).toMatch(/^diagnosing [\d,]+ of [\d,]+…$/);

    // A row selected and a filter typed while the rest is diagnosed stay as they are.
    const picked = first[Math.floor(first.length / 2)]?.id as string;
    state.select(picked);
    state.filters.text.value = "api";
    expected.filters.text.value = "api";
    let redraws = 1;
    while (queue.length > 0 && redraws < 10_000) {
      (queue.shift() as () => void)();
      redraws++;
      const rows = state.rows.value;
      // Rows only ever join below the ones shown (start order): nothing shown moves.
      expect(rows.slice(0, first.length).map((r) => r.id)).toEqual(first.map((r) => r.id));
    }
    expect(queue).toHaveLength(0);
    expect(redraws).toBeGreaterThan(1);
    expect(state.diagnosing.value).toBeNull();
    expect(state.selectedId.value).toBe(picked);
    expect(state.counts.value).toEqual(expected.counts.value);
    expect(state.rows.value.map((r) => [r.id, r.diagnosis.verdict])).toEqual(
      expected.rows.value.map((r) => [r.id, r.diagnosis.verdict]),
    );
    expect(state.visibleRows.value.map((r) => r.id)).toEqual(expected.visibleRows.value.map((r) => r.id));
  });

  it("reads the creator and pages written after the entries, and rebuilds the rows with them", async () => {
    const doc = JSON.parse(
      readFileSync(join(import.meta.dirname, "../fixtures/har/playwright-1.65-recordHar.har"), "utf8"),
    ) as { log: Record<string, unknown> & { entries: Array<Record<string, unknown>> } };
    // Only the creator (written last) says Playwright: no entry carries a field only it writes.
    for (const entry of doc.log.entries) {
      delete entry._frameref;
      delete entry._monotonicTime;
      delete (entry.response as Record<string, unknown>)._failureText;
    }
    const { entries, ...rest } = doc.log;
    const rowsOf = (state: ReturnType<typeof createPanelState>) =>
      state.rows.value.map((r) => [r.id, r.diagnosis.verdict, r.diagnosis.findings.map((f) => f.code).join(" ")]);
    const expected = createPanelState({ schedule: (flush) => flush() });
    await expected.importHar(JSON.stringify(doc), "first.har");
    const unknownProducer = createPanelState({ schedule: (flush) => flush() });
    await unknownProducer.importHar(JSON.stringify({ log: { ...rest, creator: { name: "x" }, entries } }), "x.har");
    // The producer changes the rows (else this test could not tell).
    expect(rowsOf(unknownProducer)).not.toEqual(rowsOf(expected));

    const state = createPanelState({ schedule: (flush) => flush() });
    expect(await state.importHar(JSON.stringify({ log: { entries, ...rest } }), "last.har")).toBe(true);
    expect(state.pageUrl.value).toBe(expected.pageUrl.value);
    expect(rowsOf(state)).toEqual(rowsOf(expected));
  });

  it("keeps what the entries say of their producer when an unknown creator is written after them", async () => {
    const doc = JSON.parse(
      readFileSync(join(import.meta.dirname, "../fixtures/har/playwright-1.65-recordHar.har"), "utf8"),
    ) as { log: Record<string, unknown> & { entries: unknown[] } };
    const { entries, ...rest } = doc.log;
    const rowsOf = (state: ReturnType<typeof createPanelState>) =>
      state.rows.value.map((r) => [r.id, r.diagnosis.verdict, r.diagnosis.findings.map((f) => f.code).join(" ")]);
    const creatorFirst = createPanelState({ schedule: (flush) => flush() });
    await creatorFirst.importHar(JSON.stringify({ log: { ...rest, creator: { name: "x" }, entries } }), "a.har");
    const creatorLast = createPanelState({ schedule: (flush) => flush() });
    await creatorLast.importHar(JSON.stringify({ log: { entries, ...rest, creator: { name: "x" } } }), "b.har");
    expect(rowsOf(creatorLast)).toEqual(rowsOf(creatorFirst));
  });

  it("reads lenient JSON whole, and shows nothing of a file cut short but says why", async () => {
    const state = createPanelState({ schedule: (flush) => flush() });
    const nbsp = TEXT.slice(0, 20_000).replace(/\},\{/g, "},\u00a0{");
    expect(nbsp).not.toBe(TEXT.slice(0, 20_000));
    const reference = await importedRows(TEXT);
    expect(await state.importHar(nbsp + TEXT.slice(20_000), "spaces.har")).toBe(true);
    expect(state.rows.value.map((r) => r.id)).toEqual(reference);

    expect(await state.importHar(TEXT.slice(0, TEXT.length / 2), "cut.har")).toBe(false);
    expect(state.importError.value).toMatch(/^cut\.har is not a HAR file: it is not JSON/);
    expect(state.importedFrom.value).toBeNull();
    expect(state.rows.value).toHaveLength(0);
  });
});

async function importedRows(text: string): Promise<string[]> {
  const state = createPanelState({ schedule: (flush) => flush() });
  await state.importHar(text, "x.har");
  return state.rows.value.map((r) => r.id);
}
