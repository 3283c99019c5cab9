import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AlternativeRunner, spawnModule } from "../node-apps.js";
import { replaceMarker } from "../runner.js";

/**
 * A real webpack-dev-server 5 (this project's devDependency, with webpack 5) loading the generated
 * webpack.config.js as the user would write it; it serves the page and forwards the proxied path
 * to the API.
 */
export const webpackProxyRunner: AlternativeRunner = {
  stack: "webpack-proxy",
  unavailable: () => null,
  async start({ snippet, port, replayPage, workDir }) {
    // The user's own configuration in place of the marker: an entry to bundle.
    const config = replaceMarker(snippet, `mode: "development",\nentry: "./src/index.js",`);
    writeFileSync(join(workDir, "webpack.config.cjs"), config);
    mkdirSync(join(workDir, "src"), { recursive: true });
    writeFileSync(join(workDir, "src/index.js"), 'document.title = "app";\n');
    // What the runner needs and the snippet must not decide: the port, the lab host name
    // (webpack-dev-server refuses unknown Host headers), no live reload, the page.
    const launcher = `import { createRequire } from "node:module";
import webpack from "webpack";
import WebpackDevServer from "webpack-dev-server";
const require = createRequire(import.meta.url);
const replayPage = ${JSON.stringify(replayPage)};
const config = require(${JSON.stringify(join(workDir, "webpack.config.cjs"))});
const compiler = webpack({ ...config, context: ${JSON.stringify(workDir)}, infrastructureLogging: { level: "warn" } });
const server = new WebpackDevServer(
  {
    ...config.devServer,
    host: "127.0.0.1",
    port: ${port},
    allowedHosts: ["app.test"],
    hot: false,
    liveReload: false,
    client: false,
    static: false,
    setupMiddlewares(middlewares) {
      middlewares.unshift({
        name: "replay-page",
        path: "/replay",
        middleware: (req, res) => {
          res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(replayPage);
        },
      });
      return middlewares;
    },
  },
  compiler,
);
await server.start();
process.on("SIGTERM", () => server.stop().finally(() => process.exit(0)));
`;
    return spawnModule(workDir, "serve.mjs", launcher, port);
  },
};
