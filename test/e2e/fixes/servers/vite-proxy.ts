import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AlternativeRunner, spawnModule } from "../node-apps.js";
import { replaceMarker } from "../runner.js";

/**
 * A real Vite dev server (this project's devDependency) loading the generated vite.config as the
 * user would write it; it serves the page and forwards the proxied path to the API.
 */
export const viteProxyRunner: AlternativeRunner = {
  stack: "vite-proxy",
  unavailable: () => null,
  async start({ snippet, port, replayPage, workDir }) {
    // The user's own configuration in place of the marker: anything valid in defineConfig({ }).
    writeFileSync(join(workDir, "vite.config.mjs"), replaceMarker(snippet, "clearScreen: false,"));
    // What the runner needs and the snippet must not decide: the port, the lab host name (Vite
    // refuses unknown Host headers), no watcher, caches inside the work directory, the page.
    const launcher = `import { createServer } from "vite";
const replayPage = ${JSON.stringify(replayPage)};
const server = await createServer({
  configFile: ${JSON.stringify(join(workDir, "vite.config.mjs"))},
  configLoader: "native",
  root: ${JSON.stringify(workDir)},
  cacheDir: ${JSON.stringify(join(workDir, ".vite"))},
  logLevel: "warn",
  server: { host: "127.0.0.1", port: ${port}, strictPort: true, allowedHosts: ["app.test"], hmr: false, watch: null },
  plugins: [
    {
      name: "replay-page",
      configureServer(server) {
        server.middlewares.use("/replay", (req, res) => {
          res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(replayPage);
        });
      },
    },
  ],
});
await server.listen();
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));
`;
    return spawnModule(workDir, "serve.mjs", launcher, port);
  },
};
