import { defineStack } from "../define-stack.js";
import { EXISTING_MARKER, js, pathScopes } from "../snippet.js";
import type { CorsPolicy } from "../types.js";

/**
 * The path the page calls on its own origin (for the first request path), and the proxy prefix
 * that forwards it: the API's one first segment, or `/api` (stripped before forwarding) for an API
 * at the root or one whose requests span several first segments.
 */
export function proxiedRoute(policy: CorsPolicy): { prefix: string; rewrite: boolean; pagePath: string } {
  const scopes = pathScopes(policy.paths);
  const first = policy.paths[0] ?? "/";
  if (scopes === null || scopes.length !== 1 || !scopes[0])
    return { prefix: "/api", rewrite: true, pagePath: `/api${first}` };
  return { prefix: scopes[0], rewrite: false, pagePath: first };
}

/** What the page must change: call the proxied path on its own origin. */
export function pageCallsProxy(policy: CorsPolicy): string {
  const { prefix, rewrite } = proxiedRoute(policy);
  const calls = policy.paths.map((path) => (rewrite ? `/api${path}` : path));
  return `The page must then call ${calls.join(", ")} (relative URLs, its own origin) instead of ${policy.apiOrigin}${rewrite ? "" : prefix}/...; the requests are same-origin and need no CORS headers.`;
}

/** Traps the dev-server proxies share. */
export function devProxyTraps(policy: CorsPolicy): string[] {
  return [
    ...(policy.credentials
      ? [
          "Cookies change hands: the browser now sends the dev server's cookies, not the API's; a session cookie the API sets must be rewritten to the dev server's host (cookieDomainRewrite) or replaced by a token.",
        ]
      : []),
    "Never use a public CORS proxy or an 'unblock CORS' extension instead: they see every request, token and response.",
  ];
}

/** Vite's dev-server proxy (https://vite.dev/config/server-options#server-proxy). */
export const viteProxy = defineStack({
  id: "vite-proxy",
  label: "Vite dev server proxy",
  language: "javascript",
  alternative: true,
  generate({ policy }) {
    const { prefix, rewrite } = proxiedRoute(policy);
    const snippet = [
      "// vite.config.js",
      'import { defineConfig } from "vite";',
      "",
      "export default defineConfig({",
      `  // ${EXISTING_MARKER} (plugins, build, ...)`,
      "  server: {",
      "    proxy: {",
      `      // The page calls ${prefix}/... on its own origin; the dev server forwards it to the API.`,
      `      ${js(prefix)}: {`,
      `        target: ${js(policy.apiOrigin)},`,
      "        changeOrigin: true, // send the API's own Host header",
      ...(rewrite ? [`        rewrite: (path) => path.replace(/^\\/api/, ""),`] : []),
      "      },",
      "    },",
      "  },",
      "});",
    ].join("\n");
    return {
      where: `vite.config.js (or .ts) of the page's project: merge server.proxy into your existing server options. ${pageCallsProxy(policy)}`,
      snippet,
      traps: [
        "server.proxy works only in the dev server (and vite preview, whose preview.proxy defaults to it): the production build has no proxy, so production needs its own same-origin route or the API owner must allow your origin.",
        `Every request under ${prefix} goes to the API: pick a prefix your own app does not serve.`,
        "Without changeOrigin: true the API receives Host: localhost:5173, which virtual hosts and CDNs answer with 404 or 421.",
        ...devProxyTraps(policy),
      ],
    };
  },
});
