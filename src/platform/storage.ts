import type { KeyValueStore } from "../panel/services.js";

/**
 * The panel's remembered layout, in the panel page's localStorage (the extension's origin: shared
 * by every DevTools window, kept across sessions). Synchronous, unlike chrome.storage.local, so the
 * panel's first render already has the user's column widths and splitter. When storage is
 * unavailable (disabled, full), the panel runs with its defaults and forgets changes.
 */
export function panelStorage(prefix = "cors-doctor:"): KeyValueStore {
  const storage = (() => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  })();
  return {
    get(key) {
      try {
        return storage?.getItem(prefix + key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        storage?.setItem(prefix + key, value);
      } catch {
        // Quota or a disabled storage: the setting lasts this session only.
      }
    },
  };
}
