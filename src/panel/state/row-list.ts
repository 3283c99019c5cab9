/**
 * The rows in start order, with the stored exchanges they were built from at the same indices.
 * Changes happen near the end (new requests) or the start (evicted ones), so lookups search from
 * both ends and inserts from the end.
 */

import type { StoredExchange } from "../../capture/store.js";
import type { Row } from "./row.js";

/** More removals than this at once are done in one pass over the list. */
export const MANY_REMOVALS = 32;

export class RowList {
  private order: StoredExchange[] = [];
  private list: Row[] = [];

  /** The rows, in order (the live array: copy it before publishing). */
  get rows(): readonly Row[] {
    return this.list;
  }

  get stored(): readonly StoredExchange[] {
    return this.order;
  }

  indexOf(stored: StoredExchange): number {
    const { order } = this;
    for (let low = 0, high = order.length - 1; low <= high; low++, high--) {
      if (order[high] === stored) return high;
      if (order[low] === stored) return low;
    }
    return -1;
  }

  /** Inserts in start order; returns the index. */
  insert(stored: StoredExchange, row: Row): number {
    const { order, list } = this;
    const key = stored.startedMs ?? 0;
    let index = order.length;
    // Most exchanges arrive in order: search from the end.
    while (index > 0) {
      const previous = order[index - 1] as StoredExchange;
      const previousKey = previous.startedMs ?? 0;
      if (previousKey < key || (previousKey === key && previous.sequence < stored.sequence)) break;
      index--;
    }
    if (index === order.length) {
      order.push(stored);
      list.push(row);
    } else {
      order.splice(index, 0, stored);
      list.splice(index, 0, row);
    }
    return index;
  }

  replaceAt(index: number, row: Row): void {
    this.list[index] = row;
  }

  /** Takes rows out: one by one when few, in one pass when many. */
  remove(gone: ReadonlySet<StoredExchange>): void {
    if (gone.size === 0) return;
    if (gone.size <= MANY_REMOVALS) {
      for (const stored of gone) {
        const index = this.indexOf(stored);
        if (index < 0) continue;
        this.order.splice(index, 1);
        this.list.splice(index, 1);
      }
      return;
    }
    const keptOrder: StoredExchange[] = [];
    const keptList: Row[] = [];
    for (let i = 0; i < this.order.length; i++) {
      const stored = this.order[i] as StoredExchange;
      if (gone.has(stored)) continue;
      keptOrder.push(stored);
      keptList.push(this.list[i] as Row);
    }
    this.order = keptOrder;
    this.list = keptList;
  }

  clear(): void {
    this.order = [];
    this.list = [];
  }
}
