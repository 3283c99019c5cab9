/**
 * Every link into the Fetch standard from src/ names an anchor that exists at the commit the
 * engine follows. The standard's source at that commit is read from the shared reference copy
 * next to the repository (`../shared/reference/spec/fetch-586cd2a4.bs`, or FETCH_SPEC_BS); a
 * clone without it skips that one test and says so.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FETCH } from "../../src/engine/diagnosis/codes.js";
import { bikeshedAnchors, simplifyText } from "./bikeshed-anchors.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PINNED = "fetch-586cd2a4.bs";
const SPEC_SOURCE = process.env.FETCH_SPEC_BS ?? join(ROOT, "..", "shared", "reference", "spec", PINNED);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** `anchor -> files` for every fetch.spec.whatwg.org link in src/, written out or as `${FETCH}#...`. */
function fetchLinks(): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const file of filesUnder(join(ROOT, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/fetch\.spec\.whatwg\.org\/#([\w-]+)|\$\{FETCH\}#([\w-]+)/g)) {
      const anchor = (m[1] ?? m[2]) as string;
      links.set(anchor, [...(links.get(anchor) ?? []), relative(ROOT, file)]);
    }
  }
  return links;
}

describe("Bikeshed anchors", () => {
  it("follows Bikeshed's id rules", () => {
    const ids = bikeshedAnchors(
      [
        '<h3 id=main-fetch>Main fetch</h3> <p id="simple-header"> <dfn export oldids="a-b, c">x</dfn>',
        '<dfn export for="fetch controller">abort</dfn> <dfn>CORS non-wildcard <a>request-header</a> name</dfn>',
        '<dfn lt="get, decode, and split|getting">g</dfn> <dfn for=request id=concept-request-mode>mode</dfn>',
        "<dfn attribute for=Request>headers</dfn> <dfn method for=Response>clone()</dfn> <dfn http-header>X</dfn>",
        "## Heading ## {#some-heading}",
      ].join("\n"),
    );
    expect([...ids].sort()).toEqual(
      [
        "a-b",
        "c",
        "concept-request-mode",
        "cors-non-wildcard-request-header-name",
        "dom-request-headers",
        "dom-response-clone",
        "fetch-controller-abort",
        "get-decode-and-split",
        "main-fetch",
        "simple-header",
        "some-heading",
        "x",
      ].sort(),
    );
    expect(simplifyText(" CORS-safelisted  request/header ")).toBe("cors-safelisted-request-header");
  });

  it("src/ links to the Fetch standard through FETCH or written out, and has some", () => {
    expect(FETCH).toBe("https://fetch.spec.whatwg.org/");
    expect(fetchLinks().size).toBeGreaterThan(20);
  });
});

describe(`spec links against the pinned Fetch source (${PINNED})`, () => {
  const present = existsSync(SPEC_SOURCE);
  if (!present) {
    console.warn(
      `spec-links: skipped — ${SPEC_SOURCE} not found. The shared reference copy sits next to the ` +
        "repository (../shared/reference/spec/); set FETCH_SPEC_BS to its path to run this test.",
    );
  }

  it.skipIf(!present)("every fetch.spec.whatwg.org anchor in src/ exists at that commit", () => {
    const anchors = bikeshedAnchors(readFileSync(SPEC_SOURCE, "utf8"));
    expect(anchors.size).toBeGreaterThan(400);
    const missing = [...fetchLinks()]
      .filter(([anchor]) => !anchors.has(anchor))
      .map(([anchor, files]) => `#${anchor} (${[...new Set(files)].join(", ")})`);
    expect(missing).toEqual([]);
  });
});
