/**
 * The fetch() snippet, run for real in this JavaScript engine with a stub fetch that records its
 * arguments: for any URL, method and header values (lone surrogates, U+2028/U+2029, `</script>`,
 * quotes, NUL) the call gets exactly the recorded strings, and the text stays safe to embed in an
 * inline <script> and shows no invisible character raw.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quoteJs, toFetchSnippet } from "../../src/curl/index.js";
import type { Hop } from "../../src/engine/types.js";
import { nastyString } from "./arbitraries.js";

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

function hopOf(method: string, url: string, headers: { name: string; value: string }[]): Hop {
  return {
    request: { method, url, headers, provisionalHeaders: false },
    response: { status: 0, statusText: "", headers: [] },
    preflightState: "unknown",
    preflight: null,
  } as unknown as Hop;
}

/** Runs the snippet with a stub fetch and returns what fetch() was called with. */
async function fetchCall(snippet: string): Promise<{ url: unknown; init: Record<string, unknown> }> {
  const calls: { url: unknown; init: Record<string, unknown> }[] = [];
  const stubFetch = async (url: unknown, init: Record<string, unknown>) => {
    calls.push({ url, init });
    return { status: 200, headers: [] };
  };
  await new AsyncFunction("fetch", "console", snippet)(stubFetch, { log: () => {} });
  expect(calls).toHaveLength(1);
  return calls[0] as { url: unknown; init: Record<string, unknown> };
}

describe("fetch() snippet (run in this JavaScript engine, stub fetch)", () => {
  it("calls fetch with exactly the recorded strings", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(nastyString(), nastyString(), nastyString(), async (path, method, value) => {
        const url = `https://api.test/${path}`;
        const hop = hopOf(method, url, [{ name: "X-Test", value }]);
        const call = await fetchCall(toFetchSnippet(hop, "include", { includeSecrets: true }));
        expect(call.url).toBe(url);
        expect(call.init.method).toBe(method);
        expect(call.init.headers).toEqual([["X-Test", value]]);
        expect(call.init.credentials).toBe("include");
      }),
      { numRuns: 300 },
    );
  });

  it("is safe inside an inline <script> and shows no invisible character raw", { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(nastyString([..."</script><!--&>", "</script>", "<!--", "\u2028", "\u2029"]), (value) => {
        const literal = quoteJs(value);
        expect(new Function(`return ${literal};`)()).toBe(value);
        expect(literal).not.toMatch(/<|>|&/);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
        expect(literal).not.toMatch(/[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/);
      }),
      { numRuns: 2000 },
    );
    expect(quoteJs("</script>")).toBe('"\\u003c/script\\u003e"');
  });
});
