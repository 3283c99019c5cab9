import { useState } from "preact/hooks";
import type { PanelServices } from "../services.js";
import type { PanelState } from "../state/panel-state.js";
import { Banners } from "./banners.js";
import { DetailView } from "./detail-view.js";
import { ExchangeList } from "./exchange-list.js";
import { importFile } from "./share.js";
import { Toolbar } from "./toolbar.js";

export function App({ state, services }: { state: PanelState; services: PanelServices }) {
  const [pasteOpen, setPasteOpen] = useState(false);
  const selected = state.selected.value;
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
          <DetailView row={selected} state={state} services={services} onClose={() => state.select(null)} />
        ) : null}
      </div>
    </div>
  );
}
