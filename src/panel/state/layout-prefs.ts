/**
 * The panel's remembered layout: the list's column widths, where the splitter between list and
 * detail sits (one place side by side, one stacked), and whether precise mode was explained.
 * Read once from the host's store; written when a drag or a key press ends, not on every move.
 * Anything unreadable in the store (another version's value, a hand edit) falls back to the default.
 */

import { type Signal, signal } from "@preact/signals";
import type { KeyValueStore } from "../services.js";

/** The list's fixed-width columns; the Name column takes what they leave. */
export const RESIZABLE_COLUMNS = {
  method: { initial: 64, min: 56 },
  status: { initial: 110, min: 56 },
  verdict: { initial: 96, min: 62 },
  error: { initial: 225, min: 84 },
} as const satisfies Record<string, { initial: number; min: number }>;

export type ColumnId = keyof typeof RESIZABLE_COLUMNS;
export const COLUMN_IDS = Object.keys(RESIZABLE_COLUMNS) as readonly ColumnId[];
export const MAX_COLUMN_WIDTH = 600;
/** Below this the Name column would cut the names: the list shows Name and Verdict only. */
export const NAME_MIN_WIDTH = 140;

export type ColumnWidths = Readonly<Record<ColumnId, number>>;

/** Side by side the splitter moves left and right; stacked (a narrow panel), up and down. */
export type SplitOrientation = "side" | "stacked";

/** The share of the panel the list takes when a detail is open. */
export const SPLIT_LIMITS = { min: 0.15, max: 0.85 } as const;
const SPLIT_INITIAL: Record<SplitOrientation, number> = { side: 0.55, stacked: 0.4 };

const KEYS = {
  columns: "list.columns",
  split: (orientation: SplitOrientation) => `split.${orientation}`,
  preciseExplained: "precise.explained",
} as const;

export function clampColumnWidth(id: ColumnId, width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(RESIZABLE_COLUMNS[id].min, width)));
}

export function clampSplit(fraction: number): number {
  return Math.min(SPLIT_LIMITS.max, Math.max(SPLIT_LIMITS.min, fraction));
}

function readColumnWidths(store: KeyValueStore): ColumnWidths {
  const saved = parse(store.get(KEYS.columns));
  const widths = {} as Record<ColumnId, number>;
  for (const id of COLUMN_IDS) {
    const value = saved !== null && typeof saved === "object" ? (saved as Record<string, unknown>)[id] : undefined;
    widths[id] =
      typeof value === "number" && Number.isFinite(value) ? clampColumnWidth(id, value) : RESIZABLE_COLUMNS[id].initial;
  }
  return widths;
}

function readSplit(store: KeyValueStore, orientation: SplitOrientation): number {
  const value = parse(store.get(KEYS.split(orientation)));
  return typeof value === "number" && Number.isFinite(value) ? clampSplit(value) : SPLIT_INITIAL[orientation];
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function createLayoutPrefs(store: KeyValueStore) {
  const columnWidths = signal<ColumnWidths>(readColumnWidths(store));
  const split: Readonly<Record<SplitOrientation, Signal<number>>> = {
    side: signal(readSplit(store, "side")),
    stacked: signal(readSplit(store, "stacked")),
  };
  const preciseExplained = signal(store.get(KEYS.preciseExplained) === "true");
  return {
    columnWidths,
    split,
    preciseExplained,
    /** Sets a column's width (clamped); `save` writes the widths to the store (at the end of a drag). */
    setColumnWidth(id: ColumnId, width: number, save: boolean) {
      const clamped = clampColumnWidth(id, width);
      if (clamped !== columnWidths.value[id]) columnWidths.value = { ...columnWidths.value, [id]: clamped };
      if (save) store.set(KEYS.columns, JSON.stringify(columnWidths.value));
    },
    setSplit(orientation: SplitOrientation, fraction: number, save: boolean) {
      split[orientation].value = clampSplit(fraction);
      if (save) store.set(KEYS.split(orientation), JSON.stringify(split[orientation].value));
    },
    markPreciseExplained() {
      preciseExplained.value = true;
      store.set(KEYS.preciseExplained, "true");
    },
  };
}

export type LayoutPrefs = ReturnType<typeof createLayoutPrefs>;
