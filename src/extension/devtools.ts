// The devtools page only registers the "CORS" panel; capture runs in the panel itself, where
// chrome.devtools.network is available too. Paths start with "/": Chrome resolves them from the
// extension root either way, Firefox resolves relative paths against this page's folder.
chrome.devtools.panels.create("CORS", "/icons/icon-32.png", "/src/extension/panel.html");
