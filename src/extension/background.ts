/**
 * Detaches the debugger when the panel that attached it goes away. A chrome.debugger attachment
 * outlives DevTools and no onDetach fires when DevTools closes (browser-facts.md §3.5), and the
 * panel's own pagehide handler dies with it. The panel holds a port open while precise mode is
 * on; its disconnection is the one reliable sign that DevTools closed.
 *
 * This worker only detaches: it never listens to debugger events (those are broadcast to every
 * extension context, and the panel is the one that reads them).
 */

const PORT_PREFIX = "precise-mode:";

// A build whose manifest declares no `debugger` permission (Firefox, where this runs as an event
// page) has no precise mode: nothing to detach, and the listener is compiled out.
if (import.meta.env.CORS_DOCTOR_DEBUGGER !== false) {
  chrome.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(PORT_PREFIX)) return;
    const tabId = Number(port.name.slice(PORT_PREFIX.length));
    if (!Number.isInteger(tabId)) return;
    // The panel pings every 20 s, which keeps this worker alive while precise mode is on.
    port.onMessage.addListener(() => undefined);
    port.onDisconnect.addListener(() => {
      // Optional permission: chrome.debugger exists only once the user granted it.
      chrome.debugger?.detach({ tabId }).catch(() => undefined);
    });
  });
}

const PREVIEW_PORT_PREFIX = "fix-preview:";

// "Preview this fix": the panel holds a port while its session rule is in place; when the port
// closes (Stop, or DevTools closed without the panel's pagehide getting through), the rule goes.
// Removing a rule that is already gone is harmless.
if (import.meta.env.CORS_DOCTOR_PREVIEW !== false) {
  chrome.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(PREVIEW_PORT_PREFIX)) return;
    const ruleId = Number(port.name.split(":")[2]);
    if (!Number.isInteger(ruleId)) return;
    port.onMessage.addListener(() => undefined);
    port.onDisconnect.addListener(() => {
      // Optional permission: chrome.declarativeNetRequest exists only once the user granted it.
      chrome.declarativeNetRequest?.updateSessionRules({ removeRuleIds: [ruleId] }).catch(() => undefined);
    });
  });
}
