/**
 * Installs the missing packages of scripts/system-deps.txt when it can (as root, or with
 * passwordless sudo); otherwise `npm test` goes on without the suites that need them and says so,
 * except under CI=true, where a missing package fails. `npm start` cannot go on without Chromium.
 * The effects (privilege, running apt-get, dpkg) are parameters so the unit test can drive every
 * path without installing anything.
 */

import { spawnSync } from "node:child_process";
import {
  dpkgInstalled,
  type InstalledCheck,
  inCI,
  installCommand,
  missingSystemDeps,
  readSystemDeps,
  type SystemDep,
  skipNotice,
} from "./system-deps.js";

export type Privilege = "root" | "sudo" | "none";

/**
 * apt-get update once (a failed update still lets install try the lists already here), then
 * install. Servers are installed without starting their system services (a policy-rc.d that
 * refuses, removed afterwards if this script created it). Waits up to 15 minutes for another
 * apt-get to release dpkg's lock.
 */
export const INSTALL_SCRIPT = `set -eu
export DEBIAN_FRONTEND=noninteractive
guard=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
fi
trap 'if [ "$guard" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi' EXIT
apt-get -o DPkg::Lock::Timeout=900 -qq update || echo "apt-get update failed; installing from the package lists already here" >&2
apt-get -o DPkg::Lock::Timeout=900 -qq install -y --no-install-recommends "$@"
`;

/** The argv that installs `names` with `privilege` ("none" cannot install). */
export function installArgv(privilege: Exclude<Privilege, "none">, names: readonly string[]): string[] {
  const shell = ["sh", "-c", INSTALL_SCRIPT, "install-system-deps", ...names];
  return privilege === "root" ? shell : ["sudo", "-n", ...shell];
}

export interface EnsureOptions {
  /** `start` needs only what npm start needs; `test` needs the whole list. */
  readonly for: "start" | "test";
  readonly env: NodeJS.ProcessEnv;
  readonly deps: readonly SystemDep[];
  /** Asked before and again after installing (so it must not cache). */
  readonly installed: InstalledCheck;
  readonly privilege: () => Privilege;
  readonly run: (argv: readonly string[]) => { readonly status: number | null; readonly output: string };
  readonly log: (text: string) => void;
}

/** Returns the exit code: 0 when the command may go on (possibly skipping suites), 1 when it must stop. */
export function ensureSystemDeps(options: EnsureOptions): 0 | 1 {
  const { env, log } = options;
  const deps = options.for === "start" ? options.deps.filter((d) => d.neededBy.includes("start")) : options.deps;
  let missing = missingSystemDeps(deps, options.installed, env);
  if (missing.length === 0) return 0;

  const privilege = options.privilege();
  if (privilege !== "none") {
    const names = missing.map((d) => d.name);
    log(`system-deps: installing ${names.join(" ")} from Debian (${privilege === "root" ? "as root" : "sudo -n"})`);
    const result = options.run(installArgv(privilege, names));
    if (result.status !== 0) {
      log(
        `system-deps: apt-get failed (exit ${result.status ?? "killed"}):\n${result.output.trimEnd().split("\n").slice(-30).join("\n")}`,
      );
    }
    missing = missingSystemDeps(deps, options.installed, env);
    if (missing.length === 0) return 0;
  }

  const names = missing.map((d) => d.name);
  if (options.for === "start") {
    log(
      `npm start needs ${names.join(", ")} (scripts/system-deps.txt), which is not installed${privilege === "none" ? " and cannot be installed here (not root, no passwordless sudo)" : ""}. Install:\n  ${installCommand(names)}`,
    );
    return 1;
  }
  if (inCI(env)) {
    log(
      `system-deps: CI=true and ${names.join(", ")} ${names.length === 1 ? "is" : "are"} not installed${privilege === "none" ? " (not root, no passwordless sudo)" : ""}; nothing may be skipped in CI. Install:\n  ${installCommand(names)}`,
    );
    return 1;
  }
  log(
    skipNotice(
      missing,
      "start",
      privilege === "none" ? "not root, no passwordless sudo: cannot install" : "still missing after apt-get install",
    ),
  );
  return 0;
}

/** This process's privilege: root, passwordless sudo, or neither. */
export function currentPrivilege(): Privilege {
  if (process.getuid?.() === 0) return "root";
  const sudo = spawnSync("sudo", ["-n", "true"], { stdio: "ignore", timeout: 10_000 });
  return sudo.status === 0 ? "sudo" : "none";
}

/** Runs `argv`, output captured (apt's progress is noise unless it fails); bounded at 30 minutes. */
export function runCaptured(argv: readonly string[]): { status: number | null; output: string } {
  const [command, ...args] = argv as [string, ...string[]];
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 1_800_000, maxBuffer: 64 * 1024 * 1024 });
  return {
    status: result.status,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
  };
}

/** The real effects, for scripts/system-deps.ts. */
export function defaultEnsureOptions(target: "start" | "test"): EnsureOptions {
  return {
    for: target,
    env: process.env,
    deps: readSystemDeps(),
    installed: dpkgInstalled,
    privilege: currentPrivilege,
    run: runCaptured,
    log: (text) => console.error(text),
  };
}
