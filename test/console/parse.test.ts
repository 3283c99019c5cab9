import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FIREFOX_KEYS,
  matchToRequest,
  type ParsedConsoleError,
  parseConsoleMessages,
} from "../../src/console/index.js";
import { parseConsoleText } from "../../src/console/parse.js";
import { type CorsErrorName, CURRENT_CORS_ERRORS, LEGACY_CORS_ERRORS } from "../../src/engine/fetch/cors-error.js";
import { chromeConsoleMessage } from "../../src/explain/index.js";

interface FixtureCase {
  readonly name: string;
  readonly source?: string;
  readonly text?: string;
  readonly lines?: readonly string[];
  readonly expected: ReadonlyArray<Partial<ParsedConsoleError> & { browser: ParsedConsoleError["browser"] }>;
}

const FIXTURE_DIR = join(import.meta.dirname, "../fixtures/console");
const FILES = readdirSync(FIXTURE_DIR).filter((file) => file.endsWith(".json"));
const FIXTURES: ReadonlyMap<string, readonly FixtureCase[]> = new Map(
  FILES.map((file) => [
    file,
    (JSON.parse(readFileSync(join(FIXTURE_DIR, file), "utf8")) as { cases: FixtureCase[] }).cases,
  ]),
);

const textOf = (fixture: FixtureCase) => fixture.text ?? (fixture.lines ?? []).join("\n");
const casesOf = (file: string) => FIXTURES.get(file) ?? [];

/** Fields a fixture does not list must be empty. */
const DEFAULTS: Omit<ParsedConsoleError, "browser" | "text"> = {
  corsError: null,
  failedParameter: null,
  candidates: [],
  code: null,
  firefoxKey: null,
  url: null,
  origin: null,
  redirectedFrom: null,
  initiator: null,
  preflight: null,
  status: null,
  statusText: null,
  method: null,
  targetAddressSpace: null,
  resourceAddressSpace: null,
};

describe("console fixtures", () => {
  it("has the four fixture files", () => {
    expect(FILES.sort()).toEqual(
      expect.arrayContaining(["chrome.json", "firefox.json", "mixed-pastes.json", "safari.json"]),
    );
  });

  for (const [file, cases] of FIXTURES) {
    describe(file, () => {
      for (const fixture of cases) {
        it(fixture.name, () => {
          const text = textOf(fixture);
          const results = parseConsoleMessages(text);
          const comparable = results.map(({ text: _text, ...rest }) => rest);
          const expected = fixture.expected.map(({ text: _text, ...rest }) => ({ ...DEFAULTS, ...rest }));
          expect(comparable).toEqual(expected);
          const inputLines = new Set(text.split(/\r\n|\r|\n/));
          results.forEach((result, index) => {
            // `text` holds whole input lines, and exactly the ones a fixture lists when it lists them.
            for (const line of result.text.split("\n")) expect(inputLines.has(line)).toBe(true);
            const wanted = fixture.expected[index]?.text;
            if (wanted !== undefined) expect(result.text).toBe(wanted);
          });
        });
      }
    });
  }
});

describe("coverage of the reference", () => {
  const chromeNames = new Set<CorsErrorName>();
  for (const fixture of casesOf("chrome.json")) {
    for (const expected of fixture.expected) if (expected.corsError) chromeNames.add(expected.corsError);
  }

  it.each([...CURRENT_CORS_ERRORS, ...LEGACY_CORS_ERRORS])("a Chrome fixture produces %s", (name) => {
    expect(chromeNames.has(name)).toBe(true);
  });

  const firefoxKeys = new Set(
    [...FIXTURES.values()].flat().flatMap((fixture) => fixture.expected.map((expected) => expected.firefoxKey)),
  );
  it.each([...FIREFOX_KEYS])("a Firefox fixture produces %s", (key) => {
    expect(firefoxKeys.has(key)).toBe(true);
  });

  // §5.1 and §5.2: the start of every Safari text.
  const SAFARI_TEXTS = [
    "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
    "Access-Control-Allow-Origin cannot contain more than one origin.",
    " is not allowed by Access-Control-Allow-Origin. Status code: ",
    " is not allowed by Access-Control-Allow-Origin.\n",
    'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".',
    "Preflight response is not successful. Status code: 4",
    "Preflight response is not successful. Status code: 3",
    "Preflight response is not successful\n",
    "Header Access-Control-Allow-Methods has an invalid value: ",
    "Header Access-Control-Allow-Headers has an invalid value: ",
    " is not allowed by Access-Control-Allow-Methods.",
    " is not allowed by Access-Control-Allow-Headers.",
    "denied by Cross-Origin Resource Sharing policy: Origin ",
    "denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme",
    " has credentials",
    "Not allowed to follow a redirection while loading ",
    "Load cannot follow more than 20 redirections",
    "Unsafe attempt to load URL ",
    "Cross origin requests are not allowed when using same-origin fetch mode.",
    "Cross origin requests are only supported for HTTP.",
    "Blocked by Content Security Policy.",
    "Blocked by content extension",
    "Cross-origin script load denied by Cross-Origin Resource Sharing policy.",
    "Cross-origin image load denied by Cross-Origin Resource Sharing policy.",
    "Cross-origin text track load denied by Cross-Origin Resource Sharing policy.",
    "EventSource cannot load ",
    "Fetch API cannot load ",
    "XMLHttpRequest cannot load ",
    "[Error] Cannot load ",
    " due to access control checks.",
    "[Error] Failed to load resource: ",
  ];
  const safariText = `${casesOf("safari.json").map(textOf).join("\n")}\n`;
  it.each(SAFARI_TEXTS)("a Safari fixture holds %j", (snippet) => {
    expect(safariText).toContain(snippet);
  });

  const CHROME_VARIANTS = [
    "Response to preflight request doesn't pass access control check: ",
    " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
    " Have the server send the header with a valid value.",
    " Have the server send the header with a valid value, or, if an opaque response serves your needs",
    "present on the requested resource. If an opaque response serves your needs",
    "Access blocked by CORS policy: ",
    "Fetch API cannot load ",
    "(redirected from '",
    "\\u00E9",
    "`loopback`",
    "`local`",
    "`private`",
    "`public`",
    "`unknown`",
  ];
  const chromeText = casesOf("chrome.json").map(textOf).join("\n");
  it.each(CHROME_VARIANTS)("a Chrome fixture holds %j", (snippet) => {
    expect(chromeText).toContain(snippet);
  });

  it("Chrome's own templates (src/explain) read back as the same error", () => {
    for (const name of [...CURRENT_CORS_ERRORS, ...LEGACY_CORS_ERRORS]) {
      for (const initiator of ["fetch", "xhr"] as const) {
        const message = chromeConsoleMessage(name, "local", "https://api.test/x", "https://app.test", { initiator });
        const [parsed, ...more] = parseConsoleMessages(message);
        expect(more).toEqual([]);
        expect(parsed?.browser).toBe("chrome");
        const names = parsed ? [parsed.corsError, ...parsed.candidates] : [];
        expect(names, message).toContain(name);
        expect(parsed?.url).toBe("https://api.test/x");
        expect(parsed?.origin).toBe("https://app.test");
        expect(parsed?.initiator).toBe(initiator);
      }
    }
  });
});

// Thousands of property runs: seconds on a loaded machine; the bound only guards against a hang.
describe("parseConsoleMessages never throws", { timeout: 60_000 }, () => {
  const realLines = [...FIXTURES.values()].flat().flatMap((fixture) => textOf(fixture).split("\n"));
  const real = fc.constantFrom(...realLines);

  /** The internal parser has no safety net: a property failure here is a real bug. */
  const check = (text: string) => {
    const results = parseConsoleText(text);
    expect(Array.isArray(results)).toBe(true);
    for (const result of results) {
      expect(typeof result.text).toBe("string");
      expect(["chrome", "firefox", "safari"]).toContain(result.browser);
    }
  };

  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), check), { numRuns: 1000 });
  });

  it("on mutated real messages", () => {
    const mutated = fc
      .tuple(real, fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), fc.constantFrom("cut", "insert", "swap", "dup"))
      .map(([line, a, b, insert, op]) => {
        const i = a % (line.length + 1);
        const j = b % (line.length + 1);
        const [lo, hi] = i < j ? [i, j] : [j, i];
        if (op === "cut") return line.slice(0, lo) + line.slice(hi);
        if (op === "insert") return line.slice(0, lo) + insert + line.slice(lo);
        if (op === "swap") return line.slice(hi) + line.slice(lo, hi) + line.slice(0, lo);
        return line.slice(0, hi) + line.slice(lo);
      });
    fc.assert(
      fc.property(
        fc.array(mutated, { maxLength: 6 }).map((lines) => lines.join("\n")),
        check,
      ),
      {
        numRuns: 3000,
      },
    );
  });

  it("on pastes built from real lines and noise", () => {
    const noise = fc.constantFrom(
      "",
      "   ",
      "[Learn More]",
      "Uncaught (in promise) TypeError: Failed to fetch",
      "(anonymous) @ (index):23",
      "Failed to load resource: net::ERR_FAILED",
      "[Error] Fetch API cannot load https://x.test/ due to access control checks.",
      "GET https://api.example.com/v1/items net::ERR_FAILED 200 (OK)",
    );
    const paste = fc.array(fc.oneof(real, noise), { maxLength: 12 }).map((lines) => lines.join("\n"));
    fc.assert(fc.property(paste, check), { numRuns: 1000 });
  });

  it("on hostile input, quickly", () => {
    const started = Date.now();
    const huge = [
      "Access to fetch at '".repeat(20_000),
      `${"a".repeat(200_000)} has been blocked by CORS policy: ${"'".repeat(50_000)}`,
      "Method ".repeat(30_000),
      `The 'Access-Control-Allow-Origin' header contains multiple values '${"x".repeat(100_000)}`,
      "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘".repeat(5_000),
      "Fetch API cannot load http://".repeat(10_000),
      "GET http://x net::ERR_FAILED\n".repeat(20_000),
      "[Error] Fetch API cannot load https://x.test/ due to access control checks.\n".repeat(5_000),
      "\n".repeat(100_000),
    ];
    for (const text of huge) check(text);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const input of [undefined, null, 42, {}, [], Symbol("x")]) {
      expect(parseConsoleMessages(input as unknown as string)).toEqual([]);
    }
  });
});

describe("matchToRequest", () => {
  const [parsed] = parseConsoleMessages(
    "Access to fetch at 'https://api.example.com/v1/items/' (redirected from 'https://api.example.com/v1/items') from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  );
  const error = parsed as ParsedConsoleError;

  it("prefers the exact URL", () => {
    expect(
      matchToRequest(error, [
        { url: "https://api.example.com/v1/items" },
        { url: "https://api.example.com/v1/items/#top" },
        { url: "https://api.example.com/v1/items/" },
      ]),
    ).toBe(2);
  });

  it("then the URL without its fragment (and WHATWG-serialized)", () => {
    expect(
      matchToRequest(error, [
        { url: "https://api.example.com/v1/items" },
        { url: "HTTPS://API.example.com:443/v1/items/#x" },
      ]),
    ).toBe(1);
  });

  it("then the redirectedFrom URL", () => {
    expect(matchToRequest(error, [{ url: "https://other.test/" }, { url: "https://api.example.com/v1/items" }])).toBe(
      1,
    );
    expect(matchToRequest(error, [{ url: "https://api.example.com/v1/items#frag" }])).toBe(0);
  });

  it("returns -1 without a match or without a URL", () => {
    expect(matchToRequest(error, [{ url: "https://other.test/" }])).toBe(-1);
    expect(matchToRequest(error, [])).toBe(-1);
    const [bare] = parseConsoleMessages("Access blocked by CORS policy: It does not have HTTP ok status.");
    expect(matchToRequest(bare as ParsedConsoleError, [{ url: "https://api.example.com/v1/items" }])).toBe(-1);
  });

  it("among equal URLs: the method, else not the preflight, then the latest start", () => {
    const [post] = parseConsoleMessages(
      [
        "Access to fetch at 'https://api.test/a' from origin 'https://app.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
        "POST https://api.test/a net::ERR_FAILED",
      ].join("\n"),
    );
    const candidates = [
      { url: "https://api.test/a", method: "OPTIONS", startedMs: 5 },
      { url: "https://api.test/a", method: "GET", startedMs: 1 },
      { url: "https://api.test/a", method: "POST", startedMs: 2 },
      { url: "https://api.test/a", method: "POST", startedMs: 3 },
    ];
    expect(post?.method).toBe("POST");
    expect(matchToRequest(post as ParsedConsoleError, candidates)).toBe(3);
    const [unknownMethod] = parseConsoleMessages(
      "Access to fetch at 'https://api.test/a' from origin 'https://app.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
    );
    expect(matchToRequest(unknownMethod as ParsedConsoleError, candidates)).toBe(3);
    expect(matchToRequest(unknownMethod as ParsedConsoleError, candidates.slice(0, 3))).toBe(2);
    expect(
      matchToRequest(unknownMethod as ParsedConsoleError, [
        { url: "https://api.test/a" },
        { url: "https://api.test/a" },
      ]),
    ).toBe(0);
  });

  it("matches a URL Chrome elided in the middle", () => {
    const long = `https://api.test/search?q=${"x".repeat(1200)}&page=2`;
    const elided = `${long.slice(0, 511)}...${long.slice(-510)}`;
    const [renderer] = parseConsoleMessages(
      `Fetch API cannot load ${elided}. Request mode is "same-origin" but the URL's origin is not same as the request origin https://app.test.`,
    );
    expect(renderer?.url).toBe(elided);
    expect(matchToRequest(renderer as ParsedConsoleError, [{ url: "https://api.test/other" }, { url: long }])).toBe(1);
  });

  it("never throws on odd candidates", () => {
    const odd = [
      null,
      undefined,
      3,
      { url: 4 },
      { url: "https://api.example.com/v1/items/", method: 7, startedMs: "x" },
    ];
    expect(matchToRequest(error, odd as never)).toBe(4);
    expect(matchToRequest(null as never, [{ url: "x" }])).toBe(-1);
  });
});
