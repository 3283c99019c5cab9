import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { PanelServices } from "../services.js";
import { createLayoutPrefs, type SplitOrientation } from "../state/layout-prefs.js";
import type { PanelState } from "../state/panel-state.js";
import { Banners } from "./banners.js";
import { ExchangeList, LIST_ID } from "./exchange-list.js";
import { OnDemandPart, onDemand } from "./on-demand.js";
import { importFile } from "./share.js";
import { Splitter } from "./splitter.js";
import { Toolbar } from "./toolbar.js";
import { useElementWidth } from "./use-element-width.js";

/**
 * Narrower than this, the detail goes under the list instead of beside it: side by side, neither
 * would have room for its text (a 700 px side dock).
 */
export const STACK_BELOW_WIDTH = 820;

/**
 * Opening the panel needs the list, not the words: the detail view (with src/explain's texts)
 * loads on the first selection, and is fetched as soon as the panel is idle after its first render,
 * so a selection rarely waits for it.
 */
const detailPart = onDemand("the diagnosis", () => import("./detail-view.js"));

function usePrefetchWhenIdle(): void {
  useEffect(() => {
    const prefetch = () => {
      detailPart.load().catch(() => {
        // Shown where the detail view goes when a row is selected.
      });
    };
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(prefetch, { timeout: 1000 });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(prefetch, 100);
    return () => clearTimeout(timer);
  }, []);
}

export function App({ state, services }: { state: PanelState; services: PanelServices }) {
  const [pasteOpen, setPasteOpen] = useState(false);
  const selected = state.selected.value;
  const prefs = useMemo(() => createLayoutPrefs(services.storage), [services.storage]);
  const appRef = useRef<HTMLElement>(null);
  const splitRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(appRef);
  const orientation: SplitOrientation = width > 0 && width < STACK_BELOW_WIDTH ? "stacked" : "side";
  const share = prefs.split[orientation].value;
  usePrefetchWhenIdle();
  return (
    // The whole panel is a drop target for HAR files; keyboard users have the Import HAR button.
    <main
      class={`app theme-${services.theme}`}
      ref={appRef}
      data-theme={services.theme}
      data-layout={orientation}
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = e.dataTransfer?.files[0];
        if (!file) return;
        e.preventDefault();
        importFile(file, state);
      }}
    >
      <h1 class="visually-hidden">CORS Doctor</h1>
      <Toolbar
        state={state}
        services={services}
        prefs={prefs}
        pasteOpen={pasteOpen}
        onTogglePaste={() => setPasteOpen(!pasteOpen)}
      />
      <Banners state={state} services={services} pasteOpen={pasteOpen} />
      <div class={`split split-${orientation}${selected ? " with-detail" : ""}`} ref={splitRef}>
        <ExchangeList state={state} prefs={prefs} share={selected ? share : null} />
        {selected ? (
          <>
            <Splitter
              orientation={orientation}
              fraction={share}
              onMove={(fraction, save) => prefs.setSplit(orientation, fraction, save)}
              containerRef={splitRef}
              controls={LIST_ID}
            />
            <OnDemandPart part={detailPart} class="detail">
              {({ DetailView }) => (
                <DetailView row={selected} state={state} services={services} onClose={() => state.select(null)} />
              )}
            </OnDemandPart>
          </>
        ) : null}
      </div>
    </main>
  );
}
