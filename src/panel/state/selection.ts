/** Which row the detail view shows, and keyboard moves through the shown rows. */

import { computed, type ReadonlySignal, signal } from "@preact/signals";
import type { Row } from "./row.js";

export interface SelectionDeps {
  readonly rows: ReadonlySignal<readonly Row[]>;
  readonly visibleRows: ReadonlySignal<readonly Row[]>;
  readonly rowById: (id: string) => Row | null;
}

export function createSelection(deps: SelectionDeps) {
  const selectedId = signal<string | null>(null);

  const selected = computed(() => {
    const id = selectedId.value;
    // The rows hold exactly the listed rows once a flush has run; reading `rows` tracks them.
    const listed = deps.rows.value;
    if (id === null || listed.length === 0) return null;
    return deps.rowById(id);
  });

  function select(id: string | null): void {
    selectedId.value = id;
  }

  /** Moves the selection within the visible rows (keyboard navigation). */
  function moveSelection(delta: number): void {
    const list = deps.visibleRows.value;
    if (list.length === 0) return;
    const index = list.findIndex((row) => row.id === selectedId.value);
    const next =
      index === -1 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + delta));
    selectedId.value = list[next]?.id ?? null;
  }

  /** Rows went: a selected one is followed to the exchange it was merged into, if any. */
  function rowsRemoved(removed: ReadonlySet<string>, successorOf: (id: string) => string | null): void {
    const id = selectedId.value;
    if (id !== null && removed.has(id)) selectedId.value = successorOf(id);
  }

  return { selectedId, selected, select, moveSelection, rowsRemoved };
}
