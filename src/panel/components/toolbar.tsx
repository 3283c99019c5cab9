import type { Signal } from "@preact/signals";
import type { PanelServices } from "../services.js";
import { FLAG_IDS, FLAGS, type FlagDescriptor, type FlagId } from "../state/filters.js";
import type { LayoutPrefs } from "../state/layout-prefs.js";
import type { PanelState } from "../state/panel-state.js";
import { OverflowMenu } from "./overflow-menu.js";
import { PreciseMode } from "./precise-mode.js";
import { ExportBlocked, importFile } from "./share.js";

const flagsAt = (place: FlagDescriptor["place"]): readonly FlagId[] =>
  FLAG_IDS.filter((id) => (FLAGS[id] as FlagDescriptor).place === place);

/**
 * One row at every dock size: the filter, the flags placed on it, Clear, precise mode, "More"
 * (the rest) and the counts, which shorten with an ellipsis first.
 */
export function Toolbar({
  state,
  services,
  prefs,
  onTogglePaste,
  pasteOpen,
}: {
  state: PanelState;
  services: PanelServices;
  prefs: LayoutPrefs;
  onTogglePaste: () => void;
  pasteOpen: boolean;
}) {
  const counts = state.counts.value;
  const countsText =
    `${counts.corsRequests} CORS ${counts.corsRequests === 1 ? "request" : "requests"} · ${counts.blocked} blocked` +
    (counts.dropped > 0 ? ` · ${counts.dropped} oldest dropped (keeps ${counts.cap.toLocaleString("en")})` : "");
  const progress = progressText(state.diagnosing.value);
  return (
    <div class="toolbar" role="toolbar" aria-label="CORS requests" data-testid="toolbar">
      <input
        class="filter"
        type="search"
        placeholder="Filter: URL, method, error"
        aria-label="Filter requests"
        data-testid="filter"
        value={state.filters.text.value}
        onInput={(e) => {
          state.filters.text.value = (e.currentTarget as HTMLInputElement).value;
        }}
      />
      {flagsAt("toolbar").map((id) => (
        <Toggle key={id} flag={state.filters.flags[id]} descriptor={FLAGS[id]} />
      ))}
      <button type="button" data-testid="clear" onClick={() => state.clear()} title="Clear the list">
        Clear
      </button>
      {services.precise ? <PreciseMode state={state} precise={services.precise} prefs={prefs} /> : null}
      <OverflowMenu>
        {flagsAt("menu").map((id) => (
          <Toggle key={id} flag={state.filters.flags[id]} descriptor={FLAGS[id]} />
        ))}
        <hr />
        <button
          type="button"
          data-testid="reload"
          onClick={() => services.network.reloadInspectedPage()}
          title="Reload the inspected page to capture its requests from the start"
        >
          Reload page
        </button>
        <button type="button" data-testid="paste-toggle" aria-pressed={pasteOpen} onClick={onTogglePaste}>
          Paste console error
        </button>
        <label
          class="file-button"
          title="Diagnose a HAR file, e.g. a teammate's capture (you can also drop it on the panel)"
        >
          Import HAR…
          <input
            type="file"
            accept=".har,.json,application/json"
            data-testid="import-har"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              if (file) importFile(file, state);
              input.value = "";
            }}
          />
        </label>
        <ExportBlocked state={state} services={services} />
      </OverflowMenu>
      <span class="spacer" />
      {progress && (
        <span class="progress" role="status" data-testid="progress">
          {progress}
        </span>
      )}
      <span class="counts" data-testid="counts" title={countsText}>
        {countsText}
      </span>
    </div>
  );
}

/** "diagnosing 3,000 of 10,000…" while rows are left to diagnose (the total grows while a file is read). */
export function progressText(diagnosing: { readonly done: number; readonly total: number } | null): string | null {
  const n = (value: number) => value.toLocaleString("en");
  return diagnosing && `diagnosing ${n(diagnosing.done)} of ${n(diagnosing.total)}…`;
}

/** A checkbox bound to one of the panel's flags. */
function Toggle({ flag, descriptor }: { flag: Signal<boolean>; descriptor: FlagDescriptor }) {
  const { testId, label, title } = descriptor;
  return (
    <label title={title}>
      <input
        type="checkbox"
        data-testid={testId}
        checked={flag.value}
        onChange={(e) => {
          flag.value = (e.currentTarget as HTMLInputElement).checked;
        }}
      />
      {label}
    </label>
  );
}
