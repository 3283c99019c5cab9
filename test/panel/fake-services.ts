/** Plain PanelServices for tests and the harness page: recorded HAR in, no chrome.* anywhere. */

import type {
  ChromeCorsReport,
  KeyValueStore,
  NetworkSource,
  PanelServices,
  PreciseModeSource,
  PreciseModeState,
} from "../../src/panel/services.js";

export class FakeNetwork implements NetworkSource {
  private finished = new Set<(entry: unknown) => void>();
  private navigatedListeners = new Set<(url: string) => void>();
  reloads = 0;
  constructor(
    private har: { entries: unknown[] } = { entries: [] },
    private url: string | null = null,
  ) {}
  getHar() {
    return Promise.resolve(this.har);
  }
  onRequestFinished(listener: (entry: unknown) => void) {
    this.finished.add(listener);
    return () => this.finished.delete(listener);
  }
  onNavigated(listener: (url: string) => void) {
    this.navigatedListeners.add(listener);
    return () => this.navigatedListeners.delete(listener);
  }
  inspectedUrl() {
    return Promise.resolve(this.url);
  }
  reloadInspectedPage() {
    this.reloads++;
  }
  finish(entry: unknown) {
    for (const listener of this.finished) listener(entry);
  }
  navigate(url: string) {
    for (const listener of this.navigatedListeners) listener(url);
  }
}

export class FakePrecise implements PreciseModeSource {
  enabled = 0;
  private listeners = new Set<(report: ChromeCorsReport) => void>();
  enable(): Promise<PreciseModeState> {
    this.enabled++;
    return Promise.resolve({ kind: "on" });
  }
  disable() {
    return Promise.resolve();
  }
  onReport(listener: (report: ChromeCorsReport) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onStopped() {
    return () => undefined;
  }
  report(report: ChromeCorsReport) {
    for (const listener of this.listeners) listener(report);
  }
}

/** The panel's remembered settings, in memory: one instance plays one browser profile. */
export class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, string>();
  get(key: string) {
    return this.values.get(key) ?? null;
  }
  set(key: string, value: string) {
    this.values.set(key, value);
  }
}

export function fakeServices(
  network = new FakeNetwork(),
  precise: FakePrecise | null = new FakePrecise(),
  storage = new MemoryStore(),
) {
  const copied: string[] = [];
  const saved: Array<{ name: string; mimeType: string; content: string }> = [];
  const services: PanelServices = {
    network,
    precise,
    copyText: (text) => {
      copied.push(text);
      return Promise.resolve();
    },
    saveFile: (name, mimeType, content) => {
      saved.push({ name, mimeType, content });
    },
    theme: "light",
    storage,
    about: { browser: "Chrome/156.0.8078.79", extensionVersion: "0.1.0" },
  };
  return { services, copied, saved, network, precise, storage };
}

/** happy-dom has no layout: gives elements a DevTools-panel-sized box so the virtual list renders rows. */
export function givePanelSizedLayout(): void {
  for (const [property, size] of [
    ["clientHeight", 600],
    ["offsetHeight", 600],
    ["clientWidth", 1000],
    ["offsetWidth", 1000],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, property, { configurable: true, get: () => size });
  }
}
