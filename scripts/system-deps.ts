/**
 * `tsx scripts/system-deps.ts test|start`: the first step of `npm test` and `npm start`. Installs
 * the missing Debian packages of scripts/system-deps.txt when it can (root or passwordless sudo).
 * Otherwise, for `test`, says loudly which suites will be skipped and the command that installs
 * what they need (exit 0), or fails under CI=true (exit 1); for `start`, fails naming Chromium.
 */

import { defaultEnsureOptions, ensureSystemDeps } from "../lab/install-system-deps.js";

const target = process.argv[2];
if (target !== "test" && target !== "start") {
  console.error("usage: tsx scripts/system-deps.ts test|start");
  process.exit(2);
}
process.exitCode = ensureSystemDeps(defaultEnsureOptions(target));
