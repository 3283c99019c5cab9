#!/usr/bin/env node
// Runs the bundled CLI (built by `npm run build:cli`, which `npm install` runs via "prepare").
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../build/cli/cors-doctor.mjs", import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write("cors-doctor: the CLI is not built yet; run `npm run build:cli` in the project.\n");
  process.exit(2);
}
await import(bundle.href);
