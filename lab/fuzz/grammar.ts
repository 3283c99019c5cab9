/**
 * The fuzzer's grammar: random but valid lab scenarios (the data format of lab/scenarios.json), so
 * any one the fuzzer prints can be pasted into the catalogue as it is.
 *
 * fast-check draws them; `fc.sample` with a seed is deterministic and prefix-stable (the first 100
 * scenarios of seed 7 are the same whether 100 or 5,000 are asked for). Valid means the page's
 * script can make the request: no forbidden methods, no body on GET/HEAD, no-cors only with a
 * CORS-safelisted method, no OPTIONS (the lab answers OPTIONS with the preflight route).
 */

import fc from "fast-check";
import type { HeaderPair, RequestSpec, ResponseSpec, RouteSpec, Scenario } from "../scenario.js";

const PAGES = [
  "http://app.test:{page}",
  "http://www.app.test:{page}",
  "http://localhost:{page}",
  "http://127.0.0.1:{page}",
] as const;

/** Origins a request or a redirect can go to ("{origin}" is the page's own). */
const TARGETS = [
  "http://api.test:{api}",
  "http://api.app.test:{api}",
  "http://app.test:{api}",
  "http://app.test:{alt}",
  "http://www.app.test:{page}",
  "http://localhost:{api}",
  "http://127.0.0.1:{api}",
  "{origin}",
] as const;

const METHODS = [
  "GET",
  "GET",
  "POST",
  "POST",
  "HEAD",
  "PUT",
  "DELETE",
  "PATCH",
  "get",
  "post",
  "Put",
  "delete",
  "patch",
  "pAtCh",
  "head",
  "PROPFIND",
  "Custom",
] as const;

const upper = (method: string) => method.toUpperCase();
/** fetch() and XHR upper-case these six (and only these) whatever case the script used. */
const NORMALIZED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const sentMethod = (method: string) => (NORMALIZED.has(upper(method)) ? upper(method) : method);
const isSafelistedMethod = (method: string) => ["GET", "HEAD", "POST"].includes(sentMethod(method));

const long = (prefix: string, length: number) => prefix + "a".repeat(length - prefix.length);

/** Request headers: CORS-safelisted ones with values on both sides of the byte and length rules, and unsafe ones. */
const requestHeader: fc.Arbitrary<HeaderPair> = fc.oneof(
  fc.tuple(
    fc.constantFrom("Accept", "accept"),
    fc.constantFrom(
      "application/json",
      "text/plain",
      "*/*",
      'text/"x"',
      "a{b}",
      long("text/", 128),
      long("text/", 129),
    ),
  ),
  fc.tuple(
    fc.constantFrom("Accept-Language", "Content-Language"),
    fc.constantFrom("en-US", "de;q=0.5, en", "en_US", "fr@x", long("en", 128), long("en", 129)),
  ),
  fc.tuple(
    fc.constantFrom("Content-Type", "content-type", "CONTENT-TYPE"),
    fc.constantFrom(
      "text/plain",
      "TEXT/PLAIN",
      "text/plain;charset=utf-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json",
      "text/plain; x=(",
      'text/plain;charset="utf-8"',
      "text/html",
      long("text/plain;x=", 129),
    ),
  ),
  fc.tuple(fc.constant("Range"), fc.constantFrom("bytes=0-99", "bytes=5-", "bytes=-5", "bytes=0-1,3-4")),
  fc.tuple(
    fc.constantFrom(
      "X-Custom",
      "x-custom",
      "X-CUSTOM",
      "X-Requested-With",
      "Authorization",
      "X-Api-Key",
      "Cache-Control",
      "X-Empty",
    ),
    fc.constantFrom("1", "Bearer abc", "XMLHttpRequest", "no-cache", ""),
  ),
);

/** Header lines named `name`: absent, one value, or two lines (duplicates), name in odd case now and then. */
function headerLines(name: string, values: fc.Arbitrary<string>): fc.Arbitrary<readonly HeaderPair[]> {
  const casedName = fc.constantFrom(name, name, name, name.toLowerCase(), name.toUpperCase());
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 6, arbitrary: fc.tuple(casedName, values).map(([n, v]) => [[n, v] as HeaderPair]) },
    {
      weight: 1,
      arbitrary: fc.tuple(casedName, values, values).map(([n, a, b]) => [[n, a] as HeaderPair, [n, b] as HeaderPair]),
    },
  );
}

function allowOriginValues(page: string): fc.Arbitrary<string> {
  const host = new URL(page.replace("{page}", "1")).hostname;
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant("{origin}") },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        "*",
        "null",
        "{origin}/",
        ` {origin} `,
        page.replace(host, host.toUpperCase()),
        page.replace("http://", "https://"),
        page.replace("http://", "HTTP://"),
        "http://other.test:{page}",
        page.replace(":{page}", ""),
        "{origin}, {origin}",
        "{origin},*",
        "*, *",
        "",
        "http://localhost:{page}",
        "http://127.0.0.1:{page}",
      ),
    },
  );
}

const allowCredentialsValues = fc.constantFrom("true", "true", "TRUE", "True", "false", "", "1", " true ");

function allowMethodsValues(method: string): fc.Arbitrary<string> {
  const sent = sentMethod(method);
  return fc.constantFrom(
    sent,
    sent,
    "*",
    sent.toLowerCase(),
    sent.toUpperCase(),
    `GET, ${sent}`,
    "GET, POST",
    "PUT,DELETE,PATCH",
    `${sent},`,
    ",,",
    "GET POST",
    "PU T",
    `*, ${sent}`,
    ` ${sent} `,
    "",
  );
}

function allowHeadersValues(headers: readonly HeaderPair[]): fc.Arbitrary<string> {
  const names = [...new Set(headers.map(([n]) => n))];
  const exact = names.join(", ") || "X-Custom";
  return fc.constantFrom(
    exact,
    exact,
    exact.toLowerCase(),
    exact.toUpperCase(),
    "*",
    "*, Authorization",
    "X-Other",
    `${exact},`,
    `${exact}, x y`,
    names[0] ?? "Content-Type",
    "",
  );
}

/** Redirect targets: another origin, the page's, a relative path, or a URL with credentials. */
const locations = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TARGETS).map((t) => `${t}/r2`) },
  { weight: 1, arbitrary: fc.constantFrom("/r2", "http://user:pw@api.test:{api}/r2") },
);

const REDIRECTS = [301, 302, 303, 307, 308] as const;

interface ResponseContext {
  readonly page: string;
  readonly method: string;
  readonly headers: readonly HeaderPair[];
  readonly preflight: boolean;
  readonly mayRedirect: boolean;
}

function responseSpec(ctx: ResponseContext): fc.Arbitrary<ResponseSpec & { location?: string }> {
  const okStatuses = ctx.preflight ? [200, 204, 204, 200, 201] : [200, 200, 200, 201, 204, 206];
  const badStatuses = ctx.preflight ? [400, 403, 404, 500, 300] : [400, 404, 500, 300];
  const status = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...okStatuses) },
    { weight: 2, arbitrary: fc.constantFrom(...badStatuses) },
    { weight: ctx.mayRedirect ? 3 : 0, arbitrary: fc.constantFrom(...REDIRECTS) },
  );
  const cors = fc.tuple(
    headerLines("Access-Control-Allow-Origin", allowOriginValues(ctx.page)),
    headerLines("Access-Control-Allow-Credentials", allowCredentialsValues),
    ctx.preflight ? headerLines("Access-Control-Allow-Methods", allowMethodsValues(ctx.method)) : fc.constant([]),
    ctx.preflight ? headerLines("Access-Control-Allow-Headers", allowHeadersValues(ctx.headers)) : fc.constant([]),
    ctx.preflight
      ? headerLines("Access-Control-Max-Age", fc.constantFrom("0", "600", "-1", "abc", "86400", ""))
      : headerLines("Access-Control-Expose-Headers", fc.constantFrom("*", "X-Total", "")),
    fc.subarray([["Vary", "Origin"] as HeaderPair, ["Content-Type", "application/json"] as HeaderPair]),
  );
  return fc.tuple(status, cors, locations).map(([s, parts, location]) => {
    const headers = parts.flat();
    const redirect = (REDIRECTS as readonly number[]).includes(s);
    if (redirect) headers.push(["Location", location]);
    return { status: s, headers, ...(redirect ? { location } : {}) };
  });
}

/** The route a Location leads to (same path /r2 on the target origin), when the lab can answer it. */
function redirectRouteUrl(location: string, requestUrl: string): string {
  if (location.startsWith("/")) {
    // Relative: the requested URL's origin (templates keep their placeholders).
    const origin = requestUrl.slice(0, requestUrl.indexOf("/", "http://".length));
    return `${origin}${location}`;
  }
  return location.replace("user:pw@", "");
}

interface Draft {
  readonly page: string;
  readonly api: "fetch" | "xhr";
  readonly method: string;
  readonly target: string;
  readonly headers: HeaderPair[];
  readonly credentials: "omit" | "same-origin" | "include";
  readonly noCors: boolean;
  readonly cookie: boolean;
  readonly body: boolean;
}

const draft: fc.Arbitrary<Draft> = fc.record({
  page: fc.constantFrom(...PAGES),
  api: fc.constantFrom<"fetch" | "xhr">("fetch", "fetch", "fetch", "xhr"),
  method: fc.constantFrom(...METHODS),
  target: fc.constantFrom(...TARGETS, "http://api.test:{api}", "http://api.test:{api}"),
  headers: fc.array(requestHeader, { maxLength: 3 }),
  credentials: fc.constantFrom<"omit" | "same-origin" | "include">("omit", "same-origin", "include", "include"),
  noCors: fc.constantFrom(false, false, false, false, false, true),
  cookie: fc.boolean(),
  body: fc.boolean(),
});

/** One random, valid scenario (its id is set by the caller). */
export function scenarioArbitrary(): fc.Arbitrary<Scenario> {
  return draft.chain((d) => {
    // "{origin}" is the page's own origin; URL templates spell it out so they stay absolute.
    const url = `${d.target === "{origin}" ? d.page : d.target}/v1/items`;
    const upperMethod = upper(d.method);
    const bodyAllowed = upperMethod !== "GET" && upperMethod !== "HEAD";
    const noCors = d.api === "fetch" && d.noCors && isSafelistedMethod(d.method);
    const request: RequestSpec = {
      api: d.api,
      method: d.method,
      url,
      headers: d.headers,
      ...(d.body && bodyAllowed ? { body: "{}" } : {}),
      ...(d.api === "fetch"
        ? { credentials: d.credentials, mode: noCors ? "no-cors" : "cors", redirect: "follow" as const }
        : { withCredentials: d.credentials === "include" }),
    };
    const ctx = { page: d.page, method: d.method, headers: d.headers };
    return fc
      .tuple(
        responseSpec({ ...ctx, preflight: true, mayRedirect: true }),
        responseSpec({ ...ctx, preflight: false, mayRedirect: true }),
        responseSpec({ ...ctx, preflight: true, mayRedirect: false }),
        responseSpec({ ...ctx, preflight: false, mayRedirect: false }),
      )
      .map(([preflight, actual, nextPreflight, nextActual]): Scenario => {
        const strip = ({ location: _, ...r }: ResponseSpec & { location?: string }): ResponseSpec => r;
        const routes: RouteSpec[] = [{ url, preflight: strip(preflight), actual: strip(actual) }];
        // The second route answers wherever the first one redirects (a redirect of the actual
        // request, or of the preflight), so redirects on either leg lead somewhere real.
        const location = actual.location ?? preflight.location;
        if (location !== undefined) {
          const next = redirectRouteUrl(location.replace("{origin}", d.page), url);
          if (!routes.some((r) => r.url === next)) {
            routes.push({ url: next, preflight: strip(nextPreflight), actual: strip(nextActual) });
          }
        }
        return {
          id: "fuzz",
          title: `fuzz: ${d.api} ${d.method} from ${d.page} to ${url}`,
          group: "Fuzz",
          page: d.page,
          ...(d.cookie ? { pageCookie: "fz=1" } : {}),
          request,
          routes,
        };
      });
  });
}

/** The `count` scenarios of `seed`, deterministic and prefix-stable. */
export function generateScenarios(seed: number, count: number): Scenario[] {
  return fc
    .sample(scenarioArbitrary(), { seed, numRuns: count })
    .map((scenario, index) => ({ ...scenario, id: fuzzId(seed, index) }));
}

export function fuzzId(seed: number, index: number): string {
  return `fuzz-${seed}-${index}`;
}
