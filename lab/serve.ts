/**
 * `npm run lab`: runs the CORS Lab servers on 127.0.0.1 until Ctrl-C.
 * Options: `--ephemeral` (let the OS pick ports), `--log` (print every request received).
 */

import { chromiumLabArgs } from "./browser.js";
import { loadScenarios } from "./scenario.js";
import { start } from "./server.js";

const args = process.argv.slice(2);
const scenarios = loadScenarios();
const lab = await start(scenarios, {
  ports: args.includes("--ephemeral") ? "ephemeral" : undefined,
  onRequest: args.includes("--log")
    ? (r) => console.log(`${r.method} ${r.url} origin=${r.origin ?? "-"} -> ${r.answer}`)
    : undefined,
});

console.log(`CORS Lab: ${scenarios.length} scenarios on 127.0.0.1 ports ${JSON.stringify(lab.ports)}`);
console.log(`Index: ${lab.indexUrl()}`);
console.log(`(also ${lab.indexUrl("127.0.0.1")}; the lab host names need Chromium started with:)`);
console.log(
  `  chromium ${chromiumLabArgs()
    .map((a) => (/[\s*]/.test(a) ? `'${a}'` : a))
    .join(" ")}`,
);
console.log("Ctrl-C to stop.");

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await lab.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
