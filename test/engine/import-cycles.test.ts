/**
 * The engine's modules import each other without cycles (type-only imports included): a leaf
 * module (vocabulary.ts) holds the small types several layers share.
 */

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ENGINE = fileURLToPath(new URL("../../src/engine/", import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Each file's relative imports that resolve to another engine source file. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const targets = [...readFileSync(file, "utf8").matchAll(IMPORT)]
        .map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, ".ts")))
        .filter((target) => known.has(target));
      return [file, targets];
    }),
  );
}

/** Every cycle reachable in the graph, each as a path that ends where it starts. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const next of graph.get(node) ?? []) visit(next, path);
    path.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

describe("engine import graph", () => {
  const graph = importGraph(sourceFiles(ENGINE));

  it("reads the imports it checks", () => {
    expect(graph.get(join(ENGINE, "types.ts"))).toContain(join(ENGINE, "vocabulary.ts"));
  });

  it("has no cycles", () => {
    const cycles = findCycles(graph).map((cycle) => cycle.map((f) => relative(ENGINE, f)).join(" -> "));
    expect(cycles).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const a = join(ENGINE, "a.ts");
    const b = join(ENGINE, "b.ts");
    expect(
      findCycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toHaveLength(1);
  });
});
