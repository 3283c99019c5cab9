import type { RefObject } from "preact";
import { useLayoutEffect, useState } from "preact/hooks";

/**
 * The element's content width, kept current by a ResizeObserver: the panel's layout follows its
 * own box (the DevTools dock), not the window. 0 until measured (and where nothing lays out, as in
 * happy-dom without sizes), which callers treat as "wide enough".
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    if (typeof ResizeObserver !== "function") return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
