#!/usr/bin/env node
// The npm registry reachable from this project's machines serves only the Linux builds of some
// platform-specific packages (Biome's CLI binaries). `npm install` then leaves the other platforms'
// optional dependencies out of package-lock.json, and `npm ci` refuses a lock file that lacks them.
// This restores those entries (optional, with os/cpu/libc derived from the package name), so the
// lock file is complete for every platform. Run it after `npm install` changes the lock file.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;

function platformOf(name) {
  const os = [
    "android",
    "darwin",
    "freebsd",
    "linux",
    "netbsd",
    "openbsd",
    "sunos",
    "win32",
    "aix",
    "openharmony",
  ].find((o) => name.includes(`-${o}-`) || name.endsWith(`-${o}`));
  const cpu = ["arm64", "x64", "ia32", "arm", "ppc64", "riscv64", "s390x", "loong64", "mips64el", "wasm32"].find((c) =>
    new RegExp(`-${c}(-|$)`).test(name),
  );
  const libc = name.endsWith("-musl") ? "musl" : undefined;
  return { os, cpu, libc };
}

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === "" ? "node_modules" : `${location}/node_modules`;
    if (packages[`${base}/${name}`] || packages[`node_modules/${name}`]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os || !cpu) continue; // not a platform binary: leave it to npm
    packages[`node_modules/${name}`] = {
      version,
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
      license: entry.license,
      optional: true,
      os: [os],
    };
    added++;
  }
}

if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
  );
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`complete-lockfile: added ${added} optional platform entr${added === 1 ? "y" : "ies"}`);
