/**
 * The Debian packages the project needs beyond Node.js (scripts/system-deps.txt): which are
 * missing, which suites that skips, and the command that installs them. Read by
 * scripts/system-deps.ts (installs), vitest.config.ts and test/system-deps.ts (skip or fail), and
 * the vitest global setup test/system-deps-notice.ts (says what was skipped, at the start and the end).
 *
 * CORS_DOCTOR_PRETEND_MISSING (comma-separated package names) reports installed packages as
 * missing, so the skip and install paths can be tried on a machine that has everything.
 */

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SYSTEM_DEPS_FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "scripts/system-deps.txt");

export interface SystemDep {
  /** The Debian package name. */
  readonly name: string;
  /** `start` and/or the test suites that need it. */
  readonly neededBy: readonly string[];
  readonly why: string;
}

const LINE = /^(\S+)\s+(\S+)\s+(\S.*)$/;

/** Parses the list; a malformed or repeated line is an error naming the line. */
export function parseSystemDeps(text: string): SystemDep[] {
  const deps: SystemDep[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = LINE.exec(line);
    if (!match || !/^[a-z0-9][a-z0-9+.-]+$/.test(match[1] as string)) {
      throw new Error(`system-deps.txt line ${index + 1}: expected "<package> <needed-by,...> <why>", got "${line}"`);
    }
    const name = match[1] as string;
    if (deps.some((d) => d.name === name))
      throw new Error(`system-deps.txt line ${index + 1}: ${name} is listed twice`);
    deps.push({ name, neededBy: (match[2] as string).split(",").filter(Boolean), why: (match[3] as string).trim() });
  }
  return deps;
}

export function readSystemDeps(file = SYSTEM_DEPS_FILE): SystemDep[] {
  return parseSystemDeps(readFileSync(file, "utf8"));
}

/** True under CI=true (or any CI value but "false"/"0"): nothing may be skipped there. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

export function pretendMissing(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set((env.CORS_DOCTOR_PRETEND_MISSING ?? "").split(/[\s,]+/).filter(Boolean));
}

/** Which of `names` dpkg reports installed: one dpkg-query for all (none where dpkg is absent). */
export function dpkgInstalled(names: readonly string[]): Set<string> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${field} format, not JavaScript's
  const result = spawnSync("dpkg-query", ["-W", "-f=${Package}\\t${db:Status-Status}\\n", ...names], {
    encoding: "utf8",
    timeout: 30_000,
  });
  const installed = new Set<string>();
  for (const line of (result.stdout ?? "").split("\n")) {
    const [name, status] = line.split("\t");
    // Multi-arch packages print as name:arch.
    if (name && status === "installed") installed.add(name.split(":")[0] as string);
  }
  return installed;
}

export type InstalledCheck = (names: readonly string[]) => Set<string>;

let cached: Set<string> | undefined;
/** dpkgInstalled, once per process (test files and the config ask repeatedly). */
const cachedInstalled: InstalledCheck = (names) => {
  cached ??= dpkgInstalled(readSystemDeps().map((d) => d.name));
  return new Set(names.filter((n) => cached?.has(n)));
};

/** The listed packages that are missing (or pretended missing), in list order. */
export function missingSystemDeps(
  deps: readonly SystemDep[] = readSystemDeps(),
  installed: InstalledCheck = cachedInstalled,
  env: NodeJS.ProcessEnv = process.env,
): SystemDep[] {
  const present = installed(deps.map((d) => d.name));
  const pretend = pretendMissing(env);
  return deps.filter((d) => !present.has(d.name) || pretend.has(d.name));
}

/** The packages a suite (or `start`) needs, in list order. */
export function packagesFor(suite: string, deps: readonly SystemDep[] = readSystemDeps()): string[] {
  return deps.filter((d) => d.neededBy.includes(suite)).map((d) => d.name);
}

/** Each suite that has a missing package, with its missing packages, in list order. */
export function skippedSuites(missing: readonly SystemDep[]): Map<string, string[]> {
  const suites = new Map<string, string[]>();
  for (const dep of missing) {
    for (const suite of dep.neededBy) {
      if (suite === "start") continue;
      suites.set(suite, [...(suites.get(suite) ?? []), dep.name]);
    }
  }
  return suites;
}

/** The command a person runs to install `names` (the way npm test would as root, minus its service guard). */
export function installCommand(names: readonly string[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(" ")}`;
}

/** A suite's name as the notice shows it (`browser` is a whole vitest project). */
function suiteLabel(suite: string): string {
  return suite === "browser" ? "browser (every test in test/e2e)" : suite;
}

/** The loud notice: which suites are skipped, and the exact command that installs what they need. */
export function skipNotice(missing: readonly SystemDep[], when: "start" | "end", why = "not installed"): string {
  const suites = skippedSuites(missing);
  const width = Math.max(...[...suites.keys()].map((s) => suiteLabel(s).length));
  const count = `${suites.size} test suite${suites.size === 1 ? "" : "s"}`;
  const lines = [
    when === "start"
      ? `SKIPPING ${count}: Debian packages are missing (${why}).`
      : `SKIPPED ${count} (missing Debian packages); this run did NOT test:`,
    ...[...suites].map(([suite, names]) => `  ${suiteLabel(suite).padEnd(width)}  needs ${names.join(", ")}`),
    "Install them, then run npm test again:",
    `  ${installCommand(missing.map((d) => d.name))}`,
    "(Under CI=true nothing is skipped: a missing package fails the run.)",
  ];
  const bar = "!".repeat(Math.min(100, Math.max(...lines.map((l) => l.length)) + 3));
  return [bar, ...lines.map((l) => `!! ${l}`), bar].join("\n");
}

export interface SuiteGate {
  readonly suite: string;
  /** The suite's missing packages (empty when it can run). */
  readonly missing: readonly string[];
  /** Skip it: packages are missing and this is not CI. */
  readonly skip: boolean;
  /** Why it is skipped or must fail, naming the packages and the install command; null when it can run. */
  readonly reason: string | null;
}

/** Whether a suite can run here: its packages installed, or else skipped (locally) or failed (CI). */
export function suiteGate(
  suite: string,
  deps: readonly SystemDep[] = readSystemDeps(),
  installed: InstalledCheck = cachedInstalled,
  env: NodeJS.ProcessEnv = process.env,
): SuiteGate {
  const needed = new Set(packagesFor(suite, deps));
  const missing = missingSystemDeps(deps, installed, env)
    .filter((d) => needed.has(d.name))
    .map((d) => d.name);
  if (missing.length === 0) return { suite, missing, skip: false, reason: null };
  const ci = inCI(env);
  const reason = `${suite} needs the Debian package${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (scripts/system-deps.txt), not installed${
    ci ? "; CI=true allows no skipped suite" : ""
  }. Install: ${installCommand(missing)}`;
  return { suite, missing, skip: !ci, reason };
}
