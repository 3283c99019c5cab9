/**
 * The machine a benchmark ran on, from node:os (and `chromium --version` for the browser suites),
 * with the load average when a suite started and ended: figures from a loaded machine say so.
 */

import { spawnSync } from "node:child_process";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { CHROMIUM_PATH } from "../lab/browser.js";
import type { Machine } from "./results.js";

const round2 = (n: number) => Math.round(n * 100) / 100;

export function loadAverage(): number[] {
  return loadavg().map(round2);
}

/** Chromium's version (e.g. "Chromium 143.0.7499.169"), or null when it cannot be run. */
export function chromiumVersion(path = CHROMIUM_PATH): string | null {
  const result = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const text = result.status === 0 ? result.stdout.trim() : "";
  return /\d+\.\d+/.test(text) ? text.replace(/\s+built on.*$/i, "") : null;
}

/** The machine now, with the load average at the suite's start; `finish` adds the one at its end. */
export function machineAtStart(): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() || null,
    cores: processors.length || null,
    ramGb: round2(totalmem() / 1024 ** 3),
    node: process.version,
    chromium: chromiumVersion(),
    os: `${type()} ${release()}`,
    loadAtStart: loadAverage(),
    loadAtEnd: null,
  };
}

export function machineAtEnd(start: Machine): Machine {
  return { ...start, loadAtEnd: loadAverage() };
}

/** One line for the README and the printed table. */
export function describeMachine(machine: Machine): string {
  const known = (value: unknown, text: string) => (value === null ? null : text);
  const load =
    machine.loadAtStart === null && machine.loadAtEnd === null
      ? "load average not recorded"
      : `load average (1/5/15 min) ${machine.loadAtStart?.join(" / ") ?? "not recorded"} at start, ${machine.loadAtEnd?.join(" / ") ?? "not recorded"} at end`;
  return [
    known(machine.cpu, `${machine.cpu}`),
    known(machine.cores, `${machine.cores} cores`),
    known(machine.ramGb, `${machine.ramGb} GB RAM`),
    known(machine.os, `${machine.os}`),
    known(machine.node, `Node ${machine.node}`),
    known(machine.chromium, `${machine.chromium}`),
    load,
  ]
    .filter((part) => part !== null)
    .join(", ");
}
