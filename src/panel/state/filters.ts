/**
 * The toolbar's filter box and flags. Each flag is one descriptor: its checkbox (test id, label,
 * tooltip), its initial value and, for a flag that filters the list, which rows it keeps. The
 * toolbar, the filtered list and the state are all driven from FLAGS: a new flag is one entry.
 */

import { computed, type Signal, signal } from "@preact/signals";
import type { Row } from "./row.js";

export interface FlagDescriptor {
  readonly testId: string;
  readonly label: string;
  readonly title?: string;
  readonly initial: boolean;
  /** On the toolbar itself, or in its "More" menu (the toolbar stays one row in a narrow dock). */
  readonly place: "toolbar" | "menu";
  /** For a flag that filters the list: at which value it filters, and the rows it keeps then. */
  readonly filter?: { readonly when: boolean; readonly keeps: (row: Row) => boolean };
}

/** In toolbar order. */
export const FLAGS = {
  blockedOnly: {
    testId: "blocked-only",
    label: "Blocked only",
    initial: false,
    place: "toolbar",
    filter: { when: true, keeps: (row) => row.diagnosis.verdict === "blocked" },
  },
  showNotCors: {
    testId: "show-not-cors",
    label: "Show not CORS",
    title: "Same-origin requests, navigations and no-cors loads",
    initial: false,
    place: "menu",
    filter: { when: false, keeps: (row) => row.diagnosis.verdict !== "not-cors" },
  },
  /** Read when the inspected page navigates (panel-state.ts). */
  preserveLog: {
    testId: "preserve-log",
    label: "Preserve log",
    title: "Keep requests when the page navigates",
    initial: false,
    place: "menu",
  },
} as const satisfies Record<string, FlagDescriptor>;

export type FlagId = keyof typeof FLAGS;
export const FLAG_IDS = Object.keys(FLAGS) as readonly FlagId[];

/** What the list shows, made by `rowFilter`. */
export interface RowFilter {
  /** Lower-cased, trimmed search text ("" for none). */
  readonly text: string;
  /** The tests of the flags filtering at their current value; a shown row passes them all. */
  readonly keeps: readonly ((row: Row) => boolean)[];
  /** Equal for filters that show the same rows. */
  readonly key: string;
}

/** The filter for this search text and these flag values (flags left out are at their initial value). */
export function rowFilter(text: string, flags: Partial<Readonly<Record<FlagId, boolean>>>): RowFilter {
  const normalized = text.trim().toLowerCase();
  const keeps: ((row: Row) => boolean)[] = [];
  let key = "";
  for (const id of FLAG_IDS) {
    const descriptor: FlagDescriptor = FLAGS[id];
    if (!descriptor.filter) continue;
    const filtering = (flags[id] ?? descriptor.initial) === descriptor.filter.when;
    key += filtering ? "1" : "0";
    if (filtering) keeps.push(descriptor.filter.keeps);
  }
  return { text: normalized, keeps, key: `${key}${normalized}` };
}

export function createFilters() {
  const text = signal("");
  const flags = Object.fromEntries(FLAG_IDS.map((id) => [id, signal<boolean>(FLAGS[id].initial)])) as Readonly<
    Record<FlagId, Signal<boolean>>
  >;
  /** The current filter; reads only the flags that filter, so toggling another redraws nothing. */
  const current = computed(() => {
    const values: Partial<Record<FlagId, boolean>> = {};
    for (const id of FLAG_IDS) if ((FLAGS[id] as FlagDescriptor).filter) values[id] = flags[id].value;
    return rowFilter(text.value, values);
  });
  return { text, flags, current };
}

export type Filters = ReturnType<typeof createFilters>;
