import { useEffect, useState } from "preact/hooks";
import type { PanelServices } from "../services.js";
import type { PanelState } from "../state/panel-state.js";
import { Banners } from "./banners.js";
import { ExchangeList } from "./exchange-list.js";
import { OnDemandPart, onDemand } from "./on-demand.js";
import { importFile } from "./share.js";
import { Toolbar } from "./toolbar.js";

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
  usePrefetchWhenIdle();
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole panel is a drop target for HAR files; keyboard users have the Import HAR button
    <div
      class={`app theme-${services.theme}`}
      data-theme={services.theme}
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
      <Toolbar state={state} services={services} pasteOpen={pasteOpen} onTogglePaste={() => setPasteOpen(!pasteOpen)} />
      <Banners state={state} services={services} pasteOpen={pasteOpen} />
      <div class={`split${selected ? " with-detail" : ""}`}>
        <ExchangeList state={state} />
        {selected ? (
          <OnDemandPart part={detailPart} class="detail">
            {({ DetailView }) => (
              <DetailView row={selected} state={state} services={services} onClose={() => state.select(null)} />
            )}
          </OnDemandPart>
        ) : null}
      </div>
    </div>
  );
}
