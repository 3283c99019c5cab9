import { defineStack } from "../define-stack.js";
import { EXISTING_MARKER, js, jsArray } from "../snippet.js";
import { pageCallsProxy, proxiedRoute } from "./vite-proxy.js";

/** A same-origin route on the page's own Express backend that forwards to one fixed API. */
export const backendProxy = defineStack({
  id: "backend-proxy",
  label: "Same-origin proxy route (Express)",
  language: "javascript",
  alternative: true,
  generate({ policy }) {
    const { prefix, rewrite } = proxiedRoute(policy);
    const upstreamPath = rewrite ? "req.url" : "req.originalUrl";
    // Nothing outside the proxied prefix, once /../ is resolved (a root API keeps every path).
    const outside = rewrite ? "" : ` || !url.pathname.startsWith(${js(prefix)})`;
    // The body's description plus what the request announced; Cookie is never script-settable.
    const forwarded = [...new Set(["accept", "content-type", ...policy.headers])].filter((h) => h !== "cookie");
    const snippet = [
      "// A fixed upstream: never take the target host or URL from the request (an open proxy).",
      `const API_ORIGIN = ${js(policy.apiOrigin)};`,
      "// Only the request headers the API needs. Never Cookie: your users' sessions stay with you.",
      `const FORWARDED_HEADERS = ${jsArray(forwarded)};`,
      "",
      `app.use(${js(prefix)}, express.raw({ type: () => true, limit: "1mb" }), async (req, res) => {`,
      "  const headers = {};",
      "  for (const name of FORWARDED_HEADERS) {",
      "    if (req.headers[name] !== undefined) headers[name] = req.headers[name];",
      "  }",
      "  // The fixed origin plus the path, checked once parsed (//host, /../ and %2e%2e included).",
      `  const target = API_ORIGIN + ${upstreamPath};`,
      "  const url = URL.canParse(target) ? new URL(target) : null;",
      `  if (!url || url.origin !== API_ORIGIN${outside}) return res.sendStatus(400);`,
      "  try {",
      "    const upstream = await fetch(url, {",
      "      method: req.method,",
      "      headers,",
      '      body: req.method === "GET" || req.method === "HEAD" ? undefined : req.body,',
      "      signal: AbortSignal.timeout(10_000),",
      "    });",
      "    // Status, type and body only: no Set-Cookie or other headers from the third party.",
      "    res.status(upstream.status);",
      '    const type = upstream.headers.get("content-type");',
      '    if (type) res.set("Content-Type", type);',
      "    res.send(Buffer.from(await upstream.arrayBuffer()));",
      "  } catch {",
      '    res.status(502).json({ error: "upstream unavailable" });',
      "  }",
      "});",
      "",
      `// ${EXISTING_MARKER}: body parsers such as app.use(express.json()) and your routes come after this route.`,
    ].join("\n");
    return {
      where: `In the Express app that serves the page (Node.js 18.17+ for fetch and URL.canParse), before app.use(express.json()) and other body parsers. ${pageCallsProxy(policy)}`,
      snippet,
      traps: [
        "Never forward a URL or host taken from the request (?url=..., a header): that is an open proxy attackers use to reach your internal network (SSRF) or to hide their traffic.",
        "Build the upstream URL as the fixed origin plus the path and check it after parsing: new URL(req.url, API_ORIGIN) lets a path such as //evil.example replace the host, and /../ leaves the proxied prefix.",
        "Forward only the headers the API needs: the Cookie header carries your users' sessions and must never reach a third party; do not pass the API's Set-Cookie back either.",
        "Anyone who can reach your backend can use this route: if it adds an API key of yours, put your own authentication and rate limiting in front of it.",
        `Every request under ${prefix} goes to the API: pick a prefix your own routes do not use.`,
        "A body parser registered before this route consumes the body (req.body is then an object, not the raw bytes): keep this route first.",
        ...(policy.credentials
          ? [
              "The browser's cookies for the API no longer reach it: authenticate to the API from your backend (a token or key kept server-side), never by passing your users' cookies along.",
            ]
          : []),
        "Never use a public CORS proxy or an 'unblock CORS' extension instead: they see every request, token and response.",
      ],
    };
  },
});
