import type { RefObject } from "preact";
import { clampSplit, SPLIT_LIMITS, type SplitOrientation } from "../state/layout-prefs.js";

/** Keyboard steps, as a share of the panel. */
const STEP = 0.02;
const PAGE_STEP = 0.1;

/**
 * The bar between the list and the detail: drag it, or focus it and use the arrow keys (Page
 * Up/Down for bigger steps, Home/End for the limits). A window splitter in ARIA terms: its value is
 * the list's share of the panel, in percent. Side by side it moves left and right; stacked, up and
 * down. `onMove(fraction, save)` gets every step, with `save` at the end of a drag or for a key.
 */
export function Splitter({
  orientation,
  fraction,
  onMove,
  containerRef,
  controls,
}: {
  orientation: SplitOrientation;
  fraction: number;
  onMove: (fraction: number, save: boolean) => void;
  containerRef: RefObject<HTMLElement | null>;
  /** The id of the list it resizes. */
  controls: string;
}) {
  const side = orientation === "side";

  function fractionAt(event: PointerEvent): number | null {
    const box = containerRef.current?.getBoundingClientRect();
    if (!box || (side ? box.width : box.height) <= 0) return null;
    return side ? (event.clientX - box.left) / box.width : (event.clientY - box.top) / box.height;
  }

  function onPointerDown(event: PointerEvent) {
    if (event.button !== 0) return;
    event.preventDefault();
    const handle = event.currentTarget as HTMLElement;
    handle.setPointerCapture?.(event.pointerId);
    handle.focus();
    let last = fraction;
    const move = (e: PointerEvent) => {
      const at = fractionAt(e);
      if (at === null) return;
      last = clampSplit(at);
      onMove(last, false);
    };
    const end = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", end);
      handle.removeEventListener("pointercancel", end);
      onMove(last, true);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", end);
    handle.addEventListener("pointercancel", end);
  }

  function onKeyDown(event: KeyboardEvent) {
    const back = side ? "ArrowLeft" : "ArrowUp";
    const forward = side ? "ArrowRight" : "ArrowDown";
    const targets: Record<string, number> = {
      [back]: fraction - STEP,
      [forward]: fraction + STEP,
      PageUp: fraction - PAGE_STEP,
      PageDown: fraction + PAGE_STEP,
      Home: SPLIT_LIMITS.min,
      End: SPLIT_LIMITS.max,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    onMove(clampSplit(target), true);
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot take focus or be dragged; a focusable separator is ARIA's window splitter
    <div
      class={`splitter splitter-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-orientation={side ? "vertical" : "horizontal"}
      aria-label="Resize the request list"
      aria-controls={controls}
      aria-valuemin={Math.round(SPLIT_LIMITS.min * 100)}
      aria-valuemax={Math.round(SPLIT_LIMITS.max * 100)}
      aria-valuenow={Math.round(fraction * 100)}
      data-testid="splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
