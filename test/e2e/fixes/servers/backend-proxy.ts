import { type AlternativeRunner, spawnModule } from "../node-apps.js";
import { replaceMarker } from "../runner.js";

/**
 * The page's own Express 5 backend (this project's devDependency) with the generated proxy route;
 * the marker becomes a JSON body parser, so the route must work ahead of it as the snippet says.
 */
export const backendProxyRunner: AlternativeRunner = {
  stack: "backend-proxy",
  unavailable: () => null,
  async start({ snippet, port, replayPage, workDir }) {
    const app = `import express from "express";
const app = express();
const replayPage = ${JSON.stringify(replayPage)};
app.get("/replay", (req, res) => res.set("Cache-Control", "no-store").type("html").send(replayPage));

${replaceMarker(snippet, 'app.use(express.json());\napp.post("/own-route", (req, res) => res.json(req.body));')}

app.listen(${port}, "127.0.0.1");
`;
    return spawnModule(workDir, "app.mjs", app, port);
  },
};
