/**
 * The Safari console parser held to WebKit itself: every console line WebKit printed for a lab
 * scenario (test/fixtures/engines/webkit.json, recorded from WebKitGTK's MiniBrowser) is pasted as
 * it was printed and as Safari's console copies it ("[Error] " before each line), and the parser
 * must read the failure with the meaning Chromium's truth gives the same scenario (its CorsError
 * among the parser's answer), or, where WebKit and Chromium really differ, WebKit's own meaning,
 * listed below with the reason.
 */

import { describe, expect, it } from "vitest";
import { readEngineTruth } from "../../lab/engine-truth.js";
import { compareWithChromium, type EngineComparison } from "../../lab/webkit/compare.js";
import { parseConsoleMessages } from "../../src/console/index.js";
import type { ParsedConsoleError } from "../../src/console/types.js";

/** Where WebKit's meaning is not Chromium's, and why (each seen in the recording). */
const WEBKIT_MEANS: Readonly<Record<string, { readonly corsError: string | null; readonly why: string }>> = {
  "preflight-401-without-cors": {
    corsError: "PreflightInvalidStatus",
    why: "WebKit checks a preflight's status before its Access-Control-Allow-Origin; Chromium the reverse",
  },
  "preflight-403-without-cors": {
    corsError: "PreflightInvalidStatus",
    why: "status before Access-Control-Allow-Origin",
  },
  "preflight-404-without-cors": {
    corsError: "PreflightInvalidStatus",
    why: "status before Access-Control-Allow-Origin",
  },
  "preflight-405-without-cors": {
    corsError: "PreflightInvalidStatus",
    why: "status before Access-Control-Allow-Origin",
  },
  "fuzz-preflight-credentials-before-status": {
    corsError: "PreflightInvalidStatus",
    why: "status before Access-Control-Allow-Credentials",
  },
  "allowed-safelisted-total-1024": {
    corsError: "PreflightInvalidStatus",
    why: "WebKit does not safelist DPR, Device-Memory, Width, Viewport-Width: it preflights, and the lab answers 404",
  },
  "network-preflight-connection-closed": {
    corsError: null,
    why: "WebKit calls a preflight that lost its connection an access-control failure; the network text says what happened",
  },
  "redirect-mode-error": {
    corsError: null,
    why: 'WebKit calls redirect: "error" an access-control failure; its line says a redirect was not followed',
  },
};

/** WebKit prints no reason at all (WebKitGTK 2.50: "Fetch API cannot load {url}."): nothing to read. */
const NO_REASON = new Set(["same-origin-mode-cross-origin"]);

const file = readEngineTruth("webkit");
const rows: EngineComparison[] = file ? compareWithChromium(file) : [];

const PASTES = {
  "as printed": (lines: readonly string[]) => lines.join("\n"),
  "as Safari copies it": (lines: readonly string[]) => lines.map((l) => `[Error] ${l}`).join("\n"),
} as const;

const names = (e: ParsedConsoleError) => (e.corsError ? [e.corsError, ...e.candidates] : e.candidates);

describe("the Safari parser reads WebKit's own console lines", () => {
  it("has WebKit's truth to read, with console lines", () => {
    expect(file, "test/fixtures/engines/webkit.json: npm run lab:record -- --engine webkit").not.toBeNull();
    expect(rows.filter((r) => r.webkitOutcome === "blocked").length).toBeGreaterThan(80);
  });

  for (const [form, paste] of Object.entries(PASTES)) {
    describe(form, () => {
      it.each(rows.filter((r) => r.webkitOutcome === "blocked" && !NO_REASON.has(r.id)).map((r) => [r.id, r] as const))(
        "%s: one Safari failure, every line of it read, Chromium's (or WebKit's) meaning",
        (_id, row) => {
          const parsed = parseConsoleMessages(paste(row.webkitConsole));
          expect(parsed, row.webkitConsole.join("\n")).toHaveLength(1);
          const [error] = parsed as [ParsedConsoleError];
          expect(error.browser).toBe("safari");
          // Every line that names the failure is merged into it (WebKit's bare network text aside).
          const unread = row.webkitConsole.filter((l) => !error.text.includes(l));
          expect(unread.filter((l) => !/^Connection terminated unexpectedly$/.test(l))).toEqual([]);
          // The URL WebKit names (after redirects, the last one): the run's, by its token.
          expect(error.url ?? "").toContain(runToken(row));
          const webkit = WEBKIT_MEANS[row.id];
          const expected = webkit ? webkit.corsError : row.chromium.corsError;
          if (expected === null) {
            expect(names(error)).toEqual([]);
            expect(error.code).not.toBeNull();
          } else {
            expect(names(error)).toContain(expected);
          }
        },
      );

      it.each(rows.filter((r) => r.webkitOutcome !== "blocked" || NO_REASON.has(r.id)).map((r) => [r.id, r] as const))(
        "%s: no CORS error read where WebKit saw none (or named no reason)",
        (_id, row) => {
          const parsed = parseConsoleMessages(paste(row.webkitConsole));
          expect(parsed.flatMap(names)).toEqual([]);
        },
      );
    });
  }

  it("lists only differences the recording still shows", () => {
    for (const id of [...Object.keys(WEBKIT_MEANS), ...NO_REASON]) {
      const row = rows.find((r) => r.id === id);
      expect(row, id).toBeDefined();
      const chromium = row?.chromium;
      const stillDiffers =
        chromium?.outcome !== row?.webkitOutcome || chromium?.corsError !== (WEBKIT_MEANS[id]?.corsError ?? null);
      expect(stillDiffers, `${id} no longer differs from Chromium: drop it from the list`).toBe(true);
    }
  });
});

/** The run's `lab=<token>` query parameter (every URL of the run carries it, redirects too). */
function runToken(row: EngineComparison): string {
  const item = file?.scenarios[row.id];
  const url = item?.status === "recorded" ? (item.truth[0]?.url ?? "") : "";
  return /lab=[^&#]+/.exec(url)?.[0] ?? "(no token)";
}
