import { defineStack } from "../define-stack.js";
import { EXISTING_MARKER, js } from "../snippet.js";
import { devProxyTraps, pageCallsProxy, proxiedRoute } from "./vite-proxy.js";

/** webpack-dev-server 5's proxy (https://webpack.js.org/configuration/dev-server/#devserverproxy). */
export const webpackProxy = defineStack({
  id: "webpack-proxy",
  label: "webpack-dev-server proxy",
  language: "javascript",
  alternative: true,
  generate({ policy }) {
    const { prefix, rewrite } = proxiedRoute(policy);
    const snippet = [
      "// webpack.config.js",
      "module.exports = {",
      `  // ${EXISTING_MARKER} (entry, output, module, ...)`,
      "  devServer: {",
      "    // webpack-dev-server 5: an array of { context, target } entries.",
      "    proxy: [",
      "      {",
      `        // The page calls ${prefix}/... on its own origin; the dev server forwards it to the API.`,
      `        context: [${js(prefix)}],`,
      `        target: ${js(policy.apiOrigin)},`,
      "        changeOrigin: true, // send the API's own Host header",
      ...(rewrite ? ['        pathRewrite: { "^/api": "" },'] : []),
      "      },",
      "    ],",
      "  },",
      "};",
    ].join("\n");
    return {
      where: `webpack.config.js of the page's project: merge devServer.proxy into your existing devServer options. ${pageCallsProxy(policy)}`,
      snippet,
      traps: [
        "devServer.proxy exists only in webpack serve: a production build has no proxy, so production needs its own same-origin route or the API owner must allow your origin.",
        "webpack-dev-server 5 accepts only the array form; the v4 object form ({ '/api': { target } }) fails with 'options.proxy should be an array'.",
        `Every request under ${prefix} goes to the API: pick a prefix your own app does not serve.`,
        "Without changeOrigin: true the API receives Host: localhost:8080, which virtual hosts and CDNs answer with 404 or 421.",
        ...devProxyTraps(policy),
      ],
    };
  },
});
