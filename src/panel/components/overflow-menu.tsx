import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * The toolbar's "More" button and the panel it opens: the controls that do not fit a one-row
 * toolbar. A disclosure (button with aria-expanded), not an ARIA menu: it holds checkboxes, a
 * select and a file picker, which keep their own roles. Its controls stay in the document while
 * closed (hidden), so their state lives on and tests reach them by test id. Escape, a click
 * outside, or a button inside closes it; focus returns to "More" on Escape.
 */
export function OverflowMenu({ children }: { children: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape and clicks bubble from the controls inside; the element itself is not interactive
    <div
      class="overflow"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        event.stopPropagation();
        setOpen(false);
        buttonRef.current?.focus();
      }}
    >
      <button
        type="button"
        ref={buttonRef}
        aria-expanded={open}
        aria-controls="more-menu"
        title="More: filters, reload, paste a console error, import and export"
        data-testid="more"
        onClick={() => setOpen(!open)}
      >
        More ▾
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click that bubbled from a button inside; keyboard activation of those buttons clicks too */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the same bubbled click */}
      <div
        id="more-menu"
        class="popover overflow-menu"
        data-testid="more-menu"
        hidden={!open}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest("button")) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
