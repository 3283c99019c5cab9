/**
 * The system-dependency list and what `npm test` / `npm start` do with it: install as root or with
 * sudo; otherwise skip loudly with the exact command (outside CI) or fail (CI=true). The effects
 * (privilege, apt-get, dpkg) are injected, so no package is installed here.
 */

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EnsureOptions, ensureSystemDeps, INSTALL_SCRIPT, installArgv } from "../../lab/install-system-deps.js";
import {
  type InstalledCheck,
  missingSystemDeps,
  packagesFor,
  parseSystemDeps,
  readSystemDeps,
  SYSTEM_DEPS_FILE,
  suiteGate,
} from "../../lab/system-deps.js";
import { VERIFIED_STACKS } from "../../src/fixes/index.js";

const DEPS = parseSystemDeps(`# comment
chromium     start,browser        the browser
nginx        fixes-verify:nginx   a server
wine         cmd-quoting          cmd.exe
wine64       cmd-quoting          its loader
`);

/** dpkg as a set that `install` adds to, like a real machine. */
function fakeDpkg(initially: readonly string[]) {
  const present = new Set(initially);
  const installed: InstalledCheck = (names) => new Set(names.filter((n) => present.has(n)));
  return { present, installed };
}

function run(overrides: Partial<EnsureOptions> & { present?: readonly string[]; aptWorks?: boolean }): {
  code: 0 | 1;
  argv: string[][];
  log: string;
} {
  const dpkg = fakeDpkg(overrides.present ?? []);
  const argv: string[][] = [];
  let log = "";
  const code = ensureSystemDeps({
    for: "test",
    env: {},
    deps: DEPS,
    installed: dpkg.installed,
    privilege: () => "root",
    run: (command) => {
      argv.push([...command]);
      if (overrides.aptWorks === false) return { status: 100, output: "E: Unable to locate package nginx\n" };
      for (const name of command.slice(command.indexOf("install-system-deps") + 1)) dpkg.present.add(name);
      return { status: 0, output: "" };
    },
    log: (text) => {
      log += `${text}\n`;
    },
    ...overrides,
  });
  return { code, argv, log };
}

describe("scripts/system-deps.txt", () => {
  const deps = readSystemDeps();

  it("parses, one line per package, and names what npm start and each server need", () => {
    expect(deps.length).toBeGreaterThan(15);
    expect(packagesFor("start", deps)).toEqual(["chromium"]);
    expect(packagesFor("browser", deps)).toEqual(["chromium"]);
    expect(packagesFor("firefox-smoke", deps)).toEqual(["firefox-esr"]);
    expect(packagesFor("fixes-verify:nginx", deps)).toEqual(["nginx"]);
    expect(packagesFor("cmd-quoting", deps)).toEqual(["wine", "wine64"]);
    for (const dep of deps) expect(dep.why.length, dep.name).toBeGreaterThan(5);
  });

  it("names only stacks the fix-verification suite runs", () => {
    const stacks = deps.flatMap((d) => d.neededBy).filter((s) => s.startsWith("fixes-verify:"));
    for (const suite of stacks)
      expect([...VERIFIED_STACKS.keys()], suite).toContain(suite.slice("fixes-verify:".length));
  });

  it("lists every suite a test names in describeNeeding()", () => {
    const suites = new Set(deps.flatMap((d) => d.neededBy));
    const testDir = join(SYSTEM_DEPS_FILE, "../../test");
    const files = readdirSync(testDir, { recursive: true, encoding: "utf8" }).filter((f) => /\.test\.tsx?$/.test(f));
    const named = files.flatMap((f) =>
      [...readFileSync(join(testDir, f), "utf8").matchAll(/describeNeeding\(\s*"([^"]+)"/g)].map((m) => m[1] as string),
    );
    expect(named).toContain("firefox-smoke");
    for (const suite of named) expect(suites, suite).toContain(suite);
  });

  it("rejects a malformed or repeated line, naming it", () => {
    expect(() => parseSystemDeps("nginx\n")).toThrow(/line 1: expected/);
    expect(() => parseSystemDeps("nginx a why\nnginx b why\n")).toThrow(/line 2: nginx is listed twice/);
  });
});

describe("missing packages", () => {
  it("are the ones dpkg does not report installed, or CORS_DOCTOR_PRETEND_MISSING names", () => {
    const { installed } = fakeDpkg(["chromium", "nginx", "wine"]);
    expect(missingSystemDeps(DEPS, installed, {}).map((d) => d.name)).toEqual(["wine64"]);
    const pretend = { CORS_DOCTOR_PRETEND_MISSING: "nginx, chromium" };
    expect(missingSystemDeps(DEPS, installed, pretend).map((d) => d.name)).toEqual(["chromium", "nginx", "wine64"]);
  });

  it("skip their suites outside CI, naming the package and the install command", () => {
    const { installed } = fakeDpkg(["chromium", "wine", "wine64"]);
    const gate = suiteGate("fixes-verify:nginx", DEPS, installed, {});
    expect(gate).toMatchObject({ missing: ["nginx"], skip: true });
    expect(gate.reason).toContain("sudo apt-get install -y --no-install-recommends nginx");
    expect(suiteGate("cmd-quoting", DEPS, installed, {})).toEqual({
      suite: "cmd-quoting",
      missing: [],
      skip: false,
      reason: null,
    });
  });

  it("fail their suites under CI=true instead of skipping them", () => {
    const { installed } = fakeDpkg([]);
    const gate = suiteGate("browser", DEPS, installed, { CI: "true" });
    expect(gate.skip).toBe(false);
    expect(gate.reason).toMatch(/browser needs the Debian package chromium .*CI=true allows no skipped suite/);
  });
});

describe("installing what is missing (npm test's first step)", () => {
  it("does nothing when everything is installed", () => {
    const result = run({ present: ["chromium", "nginx", "wine", "wine64"] });
    expect(result).toEqual({ code: 0, argv: [], log: "" });
  });

  it("as root: apt-get update once, then installs only the missing packages, services kept off", () => {
    const result = run({ present: ["chromium", "wine"] });
    expect(result.code).toBe(0);
    expect(result.argv).toEqual([["sh", "-c", INSTALL_SCRIPT, "install-system-deps", "nginx", "wine64"]]);
    expect(result.log).toContain("installing nginx wine64 from Debian (as root)");
    expect(INSTALL_SCRIPT.match(/apt-get .*update/g)).toHaveLength(1);
    expect(INSTALL_SCRIPT).toContain("-o DPkg::Lock::Timeout=900 -qq install -y --no-install-recommends");
    expect(INSTALL_SCRIPT).toContain("exit 101\\n' > /usr/sbin/policy-rc.d");
    expect(INSTALL_SCRIPT).toContain("DEBIAN_FRONTEND=noninteractive");
  });

  it("with passwordless sudo: the same, through sudo -n", () => {
    const result = run({ present: ["chromium", "nginx", "wine"], privilege: () => "sudo" });
    expect(result.code).toBe(0);
    expect(result.argv).toEqual([installArgv("sudo", ["wine64"])]);
    expect(result.argv[0]?.slice(0, 3)).toEqual(["sudo", "-n", "sh"]);
  });

  it("without root or sudo: goes on, and says loudly which suites are skipped and the exact command", () => {
    const result = run({ present: ["chromium", "wine", "wine64"], privilege: () => "none" });
    expect(result.code).toBe(0);
    expect(result.argv).toEqual([]);
    expect(result.log).toContain(
      "!! SKIPPING 1 test suite: Debian packages are missing (not root, no passwordless sudo: cannot install).",
    );
    expect(result.log).toMatch(/!! {3}fixes-verify:nginx {2}needs nginx/);
    expect(result.log).toContain("!!   sudo apt-get update && sudo apt-get install -y --no-install-recommends nginx\n");
  });

  it("under CI=true without root or sudo: fails, naming the packages", () => {
    const result = run({ present: ["chromium"], privilege: () => "none", env: { CI: "true" } });
    expect(result.code).toBe(1);
    expect(result.log).toContain("CI=true and nginx, wine, wine64 are not installed (not root, no passwordless sudo)");
    expect(result.log).toContain("sudo apt-get install -y --no-install-recommends nginx wine wine64");
  });

  it("under CI=true as root when apt-get fails: fails, with apt-get's output", () => {
    const result = run({ present: ["chromium", "wine", "wine64"], aptWorks: false, env: { CI: "true" } });
    expect(result.code).toBe(1);
    expect(result.log).toContain("apt-get failed (exit 100):\nE: Unable to locate package nginx");
    expect(result.log).toContain("CI=true and nginx is not installed");
  });

  it("tries the install, then skips loudly, when a pretended-missing package stays missing (not CI)", () => {
    const result = run({
      present: ["chromium", "nginx", "wine", "wine64"],
      env: { CORS_DOCTOR_PRETEND_MISSING: "nginx" },
    });
    expect(result.code).toBe(0);
    expect(result.argv).toHaveLength(1);
    expect(result.log).toContain(
      "!! SKIPPING 1 test suite: Debian packages are missing (still missing after apt-get install).",
    );
  });
});

describe("npm start's first step", () => {
  it("needs only Chromium", () => {
    expect(run({ for: "start", present: ["chromium"], privilege: () => "none" })).toEqual({
      code: 0,
      argv: [],
      log: "",
    });
  });

  it("installs Chromium when it can", () => {
    const result = run({ for: "start", present: [] });
    expect(result.code).toBe(0);
    expect(result.argv).toEqual([installArgv("root", ["chromium"])]);
  });

  it("stops with the install command when it cannot", () => {
    const result = run({ for: "start", present: [], privilege: () => "none" });
    expect(result.code).toBe(1);
    expect(result.log).toContain("npm start needs chromium (scripts/system-deps.txt)");
    expect(result.log).toContain("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium");
  });
});

describe("scripts/system-deps.ts", () => {
  it("answers a wrong argument with its usage and exit code 2", () => {
    const result = spawnSync("npx", ["tsx", "scripts/system-deps.ts", "everything"], {
      cwd: join(SYSTEM_DEPS_FILE, "../.."),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: tsx scripts/system-deps.ts test|start");
  }, 60_000);
});
