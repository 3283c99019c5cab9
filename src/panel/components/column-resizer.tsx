import { type ColumnId, type LayoutPrefs, RESIZABLE_COLUMNS } from "../state/layout-prefs.js";

/**
 * The grip on a column's left edge in the list header. The Name column takes the room the others
 * leave, so dragging a column's left edge to the right narrows that column and widens Name: the
 * edge follows the pointer, as in DevTools' Network panel. Double-click restores the default
 * width. Saved when the drag ends. (Pointer only: the header is hidden from assistive technology,
 * whose users get every column's text from the row itself.)
 */
export function ColumnResizer({ id, prefs }: { id: ColumnId; prefs: LayoutPrefs }) {
  function onPointerDown(event: PointerEvent) {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    const handle = event.currentTarget as HTMLElement;
    handle.setPointerCapture?.(event.pointerId);
    const startX = event.clientX;
    const startWidth = prefs.columnWidths.value[id];
    let width = startWidth;
    const move = (e: PointerEvent) => {
      width = startWidth - (e.clientX - startX);
      prefs.setColumnWidth(id, width, false);
    };
    const end = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", end);
      handle.removeEventListener("pointercancel", end);
      prefs.setColumnWidth(id, width, true);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", end);
    handle.addEventListener("pointercancel", end);
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer grip inside the header hidden from assistive technology; the splitter is the keyboard-operable resize
    <span
      class="col-resizer"
      data-testid={`resize-${id}`}
      onPointerDown={onPointerDown}
      onDblClick={() => prefs.setColumnWidth(id, RESIZABLE_COLUMNS[id].initial, true)}
    />
  );
}
