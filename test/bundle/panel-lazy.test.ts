/**
 * What opening the panel loads: the real vite build (with source maps, into a temporary directory)
 * is followed from panel.html through its static imports, and the source files in those chunks
 * must not include the parts loaded on demand. A structural check, not a size assertion: sizes are
 * measured by bench/bundle.ts.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExtension, chunkOf, extensionPages, staticClosure } from "../../bench/bundle.js";

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cors-doctor-lazy-"));
  buildExtension(root, ["--sourcemap"]);
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The repository's source files bundled into `files`, from their source maps (`src/...`, `node_modules/...`). */
function sourcesOf(files: Iterable<string>): string[] {
  const sources: string[] = [];
  for (const file of files) {
    if (!file.endsWith(".js")) continue;
    const map = JSON.parse(readFileSync(join(root, `${file}.map`), "utf8")) as { sources: string[] };
    for (const source of map.sources) sources.push(source.replace(/^.*?\/((?:src|node_modules)\/)/, "$1"));
  }
  return sources;
}

describe("the panel's initial load", () => {
  it("holds the list and the engine, and none of the parts loaded on demand", () => {
    const initial = sourcesOf(extensionPages(root).panel.initial);
    // The map is read right: the list, the state and the engine are there.
    expect(initial).toEqual(
      expect.arrayContaining([
        "src/panel/components/exchange-list.tsx",
        "src/panel/state/panel-state.ts",
        "src/engine/diagnosis/diagnose.ts",
      ]),
    );
    const onDemand = [
      /^src\/fixes\//, // fix generators, plan, detection, lint: when the detail view opens
      /^src\/curl\//, // curl and fetch(): when the detail view opens
      /^src\/redact\//,
      /^src\/console\//, // console parsers: when the paste box opens
      /^src\/report\//, // reports: on share
      /^src\/explain\/(code-texts|cors-error-texts|fix-texts|format|browser-texts)\.ts$/, // the words: the detail view
      /^src\/engine\/browsers\//, // the per-browser answers: the detail view
      /^src\/panel\/components\/(detail-view|fix-area|copy-area|console-paste-results|share-report)\.tsx?$/,
    ];
    expect(initial.filter((source) => onDemand.some((pattern) => pattern.test(source)))).toEqual([]);
  });

  it("loads each on-demand part from its own chunk", () => {
    const parts = {
      "detail-view": "src/explain/code-texts.ts",
      "fix-area": "src/fixes/stacks/express.ts",
      "copy-area": "src/curl/commands.ts",
      "console-paste-results": "src/console/parse.ts",
      "share-report": "src/report/markdown.ts",
    };
    const { panel } = extensionPages(root);
    for (const [part, source] of Object.entries(parts)) {
      const chunk = chunkOf(root, part);
      expect(panel.initial.has(chunk), `${chunk} is loaded on demand`).toBe(false);
      expect(panel.total.has(chunk), `${chunk} is reachable from the panel`).toBe(true);
      expect(sourcesOf(staticClosure(root, [chunk])), `${part} brings ${source}`).toContain(source);
    }
  });
});
