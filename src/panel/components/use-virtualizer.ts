/**
 * A virtual list of fixed-height rows: only the rows in view (plus a margin) are rendered.
 *
 * Every row has the same height, so the rows in view are arithmetic on the scroll position and
 * each update costs the same whether the list holds 10 rows or 10,000. (A general virtualizer,
 * @tanstack/virtual-core, measured the whole list again whenever its length changed: with 10,000
 * rows that was 10,000 objects per incoming request, most of the panel's garbage collection.)
 */

import { useLayoutEffect, useMemo, useState } from "preact/hooks";

export interface VirtualItem {
  readonly index: number;
  /** Offset of the row's top from the list's top, in pixels. */
  readonly start: number;
}

export interface FixedVirtualizer {
  /** Scrolls the least needed to bring the row fully into view. */
  scrollToIndex(index: number): void;
}

interface Viewport {
  readonly top: number;
  readonly height: number;
}

export function useVirtualizer(
  count: number,
  rowHeight: number,
  getScrollElement: () => HTMLElement | null,
  overscan = 12,
): { virtualizer: FixedVirtualizer; items: VirtualItem[]; totalSize: number } {
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 });

  const virtualizer = useMemo<FixedVirtualizer & { sync(): void }>(() => {
    const sync = () => {
      const element = getScrollElement();
      if (!element) return;
      const top = element.scrollTop;
      const height = element.clientHeight;
      setViewport((v) => (v.top === top && v.height === height ? v : { top, height }));
    };
    return {
      sync,
      scrollToIndex(index) {
        const element = getScrollElement();
        if (!element) return;
        const rowTop = index * rowHeight;
        const height = element.clientHeight;
        if (rowTop < element.scrollTop) element.scrollTop = rowTop;
        else if (rowTop + rowHeight > element.scrollTop + height) element.scrollTop = rowTop + rowHeight - height;
        // The scroll event would report it too, but not before the next frame.
        sync();
      },
    };
  }, [getScrollElement, rowHeight]);

  useLayoutEffect(() => {
    const element = getScrollElement();
    if (!element) return;
    virtualizer.sync();
    element.addEventListener("scroll", virtualizer.sync, { passive: true });
    const resize = typeof ResizeObserver === "function" ? new ResizeObserver(virtualizer.sync) : null;
    resize?.observe(element);
    return () => {
      element.removeEventListener("scroll", virtualizer.sync);
      resize?.disconnect();
    };
  }, [getScrollElement, virtualizer]);

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan);
  const items: VirtualItem[] = [];
  for (let index = first; index < last; index++) items.push({ index, start: index * rowHeight });
  return { virtualizer, items, totalSize: count * rowHeight };
}
