import { Component } from "preact";
import { useCallback, useEffect, useLayoutEffect, useRef } from "preact/hooks";
// Not the explain barrel: it would pull the explanation texts into the panel's initial chunk.
import { PREVIEWED_TAG } from "../../explain/preview-texts.js";
import { VERDICT_LABEL } from "../../explain/verdict.js";
import { COLUMN_IDS, type ColumnWidths, type LayoutPrefs, NAME_MIN_WIDTH } from "../state/layout-prefs.js";
import type { PanelState, Row } from "../state/panel-state.js";
import { requestName } from "../state/request-name.js";
import { timingEnd, timingPainted, timingStart } from "../state/timing.js";
import { ColumnResizer } from "./column-resizer.js";
import { useElementWidth } from "./use-element-width.js";
import { useVirtualizer } from "./use-virtualizer.js";

/** The list element's id, for the splitter's aria-controls. */
export const LIST_ID = "request-list";

const ROW_HEIGHT = 22;

/** The status to show: the final response, or the preflight's when the request was never sent. */
export function statusText(row: Row): string {
  const hops = row.captured.exchange.hops;
  const last = hops[hops.length - 1];
  if (!last) return "";
  if (last.response.status !== 0) return String(last.response.status);
  const preflight = hops[row.diagnosis.hop]?.preflight;
  if (preflight && preflight.response.status !== 0) return `(OPTIONS ${preflight.response.status})`;
  return last.response.outcome.errorText ?? "(failed)";
}

/** The special states a row can be in, as a short tag. */
export function stateTag(row: Row): string | null {
  const d = row.diagnosis;
  if (!row.captured.actualRecorded) return "actual request not captured yet";
  const hop = row.captured.exchange.hops[d.hop];
  if (d.verdict === "blocked" && d.leg === "preflight" && hop?.response.status === 0) {
    if (d.corsError) return "preflight failed — actual request never sent";
    // Playwright's and Safari's HAR never hold a preflight: "before capture" would be wrong there.
    return hop.preflightState === "unknown"
      ? "blocked at a preflight this capture's tool does not record"
      : "no preflight seen — blocked before capture";
  }
  if (d.findings.some((f) => f.code === "PREFLIGHT_NOT_CAPTURED")) {
    return "no preflight seen — preflight cache or sent before capture";
  }
  return null;
}

/**
 * The columns as a grid template, one for the header and every row (set once on the list, so a
 * resize redraws no row). Compact: Name and Verdict only, when the list is too narrow for the rest.
 */
function gridColumns(widths: ColumnWidths, compact: boolean): string {
  if (compact) return `minmax(0, 1fr) ${widths.verdict}px`;
  return `minmax(0, 1fr) ${COLUMN_IDS.map((id) => `${widths[id]}px`).join(" ")}`;
}

/**
 * The request list: a virtualized listbox (only visible rows exist in the DOM, so 10,000 rows stay
 * smooth). Keyboard: arrows, Page Up/Down, Home/End move the selection; the active row is announced
 * through aria-activedescendant. `share` is the part of the panel it takes beside or above the
 * detail (null: all of it).
 */
export function ExchangeList({ state, prefs, share }: { state: PanelState; prefs: LayoutPrefs; share: number | null }) {
  const renderStarted = timingStart();
  const listRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(listRef);
  const widths = prefs.columnWidths.value;
  const fixedWidth = COLUMN_IDS.reduce((sum, id) => sum + widths[id], 0);
  const compact = width > 0 && width < fixedWidth + NAME_MIN_WIDTH;
  const rows = state.visibleRows.value;
  const selectedId = state.selectedId.value;
  const scrollRef = useRef<HTMLDivElement>(null);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const { virtualizer, items, totalSize } = useVirtualizer(rows.length, ROW_HEIGHT, getScrollElement);

  // Benchmarks only (inert): how long this render took, up to its commit to the DOM.
  const rowCount = rows.length;
  useLayoutEffect(() => {
    timingEnd("cors-doctor:list-render", renderStarted, () => ({ rows: rowCount }));
    timingPainted("cors-doctor:painted", renderStarted, () => ({
      rows: rowCount,
      busy: state.diagnosing.peek() !== null,
    }));
  });

  const filterKey = `${state.filters.text.value}\n${state.filters.current.value.key}`;
  useSelectionInView(rows, selectedId, filterKey, virtualizer);

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: 20,
      PageUp: -20,
      Home: -1e9,
      End: 1e9,
    };
    const delta = moves[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    state.moveSelection(delta);
  }

  return (
    <div
      class={`list${compact ? " compact" : ""}`}
      id={LIST_ID}
      ref={listRef}
      data-testid="list"
      data-compact={compact ? "true" : "false"}
      style={{
        "--columns": gridColumns(widths, compact),
        ...(share === null ? {} : { flex: `0 0 ${(share * 100).toFixed(2)}%` }),
      }}
    >
      {/* Hidden from the accessibility tree: each row's option says what the columns show. */}
      <div class="list-header" aria-hidden="true" data-testid="list-header">
        <span class="col-name" title="The last part of the URL and its query; the host and path follow, dimmed">
          Name
        </span>
        <span class="col-method">
          <ColumnResizer id="method" prefs={prefs} />
          Method
        </span>
        <span class="col-status">
          <ColumnResizer id="status" prefs={prefs} />
          Status
        </span>
        <span class="col-verdict">
          <ColumnResizer id="verdict" prefs={prefs} />
          Verdict
        </span>
        <span
          class="col-error"
          title="Chromium's CorsError name for the diagnosis (in precise mode, a warning sign marks rows where Chrome's own report differs)"
        >
          <ColumnResizer id="error" prefs={prefs} />
          CORS error
        </span>
      </div>
      {/* Outside the listbox, whose children may only be options. */}
      {rows.length === 0 ? <EmptyList state={state} /> : null}
      <div
        class="list-body"
        ref={scrollRef}
        role="listbox"
        aria-label="Cross-origin requests"
        aria-activedescendant={selectedId ? rowDomId(selectedId) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="exchange-list"
      >
        <div style={{ height: `${totalSize}px`, position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index] as Row;
            return (
              <ListRow
                key={row.id}
                row={row}
                top={item.start}
                position={item.index + 1}
                count={rows.length}
                selected={row.id === selectedId}
                state={state}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * Keeps the selection in view when it moves or the filters change, not on every new request (the
 * user may have scrolled away from it, and a search of 10,000 rows per request adds up). A hook of
 * its own, so the effect Preact keeps between runs holds the latest rows through a ref, not the
 * list of the render it was made in (a whole old list, after the panel was cleared).
 */
function useSelectionInView(
  rows: readonly Row[],
  selectedId: string | null,
  filterKey: string,
  virtualizer: { scrollToIndex(index: number): void },
): void {
  const latestRows = useRef(rows);
  latestRows.current = rows;
  useEffect(() => {
    if (selectedId === null) return;
    const index = latestRows.current.findIndex((r) => r.id === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index);
  }, [selectedId, filterKey, virtualizer]);
}

interface ListRowProps {
  readonly row: Row;
  readonly top: number;
  /** 1-based place in the whole list and the list's length: only rows in view are in the DOM. */
  readonly position: number;
  readonly count: number;
  readonly selected: boolean;
  readonly state: PanelState;
}

/**
 * One row. Rows re-render only when their own data, place or selection changed: a new request
 * re-renders the list, not the rows already in view.
 */
class ListRow extends Component<ListRowProps> {
  override shouldComponentUpdate(next: ListRowProps): boolean {
    const p = this.props;
    return (
      next.row !== p.row ||
      next.top !== p.top ||
      next.position !== p.position ||
      next.count !== p.count ||
      next.selected !== p.selected ||
      next.state !== p.state
    );
  }

  override render({ row, top, position, count, selected, state }: ListRowProps) {
    const first = row.captured.exchange.hops[0];
    const url = first?.request.url ?? "";
    const { name, context } = requestName(url);
    const d = row.diagnosis;
    const tag = stateTag(row);
    const status = statusText(row);
    return (
      <div
        id={rowDomId(row.id)}
        role="option"
        aria-selected={selected}
        aria-posinset={position}
        aria-setsize={count}
        class={`row verdict-${d.verdict}${selected ? " selected" : ""}${row.disagrees ? " disagrees" : ""}`}
        style={{ transform: `translateY(${top}px)`, height: `${ROW_HEIGHT}px` }}
        data-testid="exchange-row"
        data-url={first?.request.url ?? ""}
        data-method={first?.request.method ?? ""}
        data-verdict={d.verdict}
        data-cors-error={d.corsError ?? ""}
        data-alt-cors-errors={d.alternatives
          .map((a) => a.corsError ?? "")
          .filter(Boolean)
          .join(" ")}
        data-chrome-error={row.chrome?.corsError ?? ""}
        data-disagrees={row.disagrees ? "true" : "false"}
        onClick={() => state.select(row.id)}
      >
        <span class="col-name" title={url}>
          <span class="name" data-testid="row-name">
            {name}
          </span>
          {tag ? <span class="tag"> {tag}</span> : null}
          {state.fixPreview.value?.previewed(url, row.captured.startedMs) ? (
            <span class="tag previewed" data-testid="previewed-tag">
              {" "}
              {PREVIEWED_TAG}
            </span>
          ) : null}
          {context ? <span class="context"> {context}</span> : null}
        </span>
        <span class="col-method">{first?.request.method}</span>
        <span class="col-status" title={status}>
          {status}
        </span>
        <span class="col-verdict">
          <span class={`badge badge-${d.verdict}`}>{VERDICT_LABEL[d.verdict]}</span>
        </span>
        <span class="col-error" title={d.corsError ?? undefined}>
          {d.corsError ?? ""}
          {row.disagrees ? (
            <span class="disagree-flag" title={`Chrome says ${row.chrome?.corsError ?? "something else"}`}>
              {" "}
              ⚠
            </span>
          ) : null}
        </span>
      </div>
    );
  }
}

/** A DOM id for a row (exchange ids are HAR keys: long and full of spaces). */
function rowDomId(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return `row-${(hash >>> 0).toString(36)}`;
}

function EmptyList({ state }: { state: PanelState }) {
  const hidden = state.rows.value.length - state.visibleRows.value.length;
  return (
    <div class="empty" data-testid="empty-list">
      {hidden > 0
        ? `${hidden} ${hidden === 1 ? "request is" : "requests are"} hidden by the filters.`
        : "No cross-origin requests captured yet. Use the page, or reload it to capture requests made while it loads."}
    </div>
  );
}
