// The devtools page only registers the "CORS" panel; capture runs in the panel itself, where
// chrome.devtools.network is available too.
chrome.devtools.panels.create("CORS", "icons/icon-32.png", "src/extension/panel.html");
