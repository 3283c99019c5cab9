/** A small Preact binding for @tanstack/virtual-core: only the visible rows are rendered. */

import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type VirtualItem,
  Virtualizer,
} from "@tanstack/virtual-core";
import { useLayoutEffect, useReducer, useRef, useState } from "preact/hooks";

export function useVirtualizer(count: number, rowHeight: number, getScrollElement: () => HTMLElement | null) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, HTMLElement>({
        count,
        getScrollElement,
        estimateSize: () => rowHeight,
        overscan: 12,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => rerender(undefined as never),
      }),
  );
  const mounted = useRef(false);
  virtualizer.setOptions({
    ...virtualizer.options,
    count,
    getScrollElement,
    estimateSize: () => rowHeight,
    onChange: () => rerender(undefined as never),
  });
  useLayoutEffect(() => {
    mounted.current = true;
    return virtualizer._didMount();
  }, [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  const items: VirtualItem[] = virtualizer.getVirtualItems();
  return { virtualizer, items, totalSize: virtualizer.getTotalSize() };
}
