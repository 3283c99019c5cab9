import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../../../lab/browser.js";
import { type StackRunner, spawnServer } from "../runner.js";

/** Express 5 with the `cors` package, both from this project's devDependencies. */
export const expressRunner: StackRunner = {
  stack: "express",
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    const app = `const express = require("express");
const app = express();

${snippet}

// A typical authentication layer: writes need a bearer token.
app.use((req, res, next) => {
  if (req.method !== "GET" && !req.headers.authorization) return res.status(401).json({ error: "unauthorized" });
  next();
});
app.all(${JSON.stringify(paths)}, (req, res) => {
  ${route === "fail" ? 'throw new Error("the handler failed");' : "res.json({ ok: true });"}
});
app.listen(${port}, "127.0.0.1");
`;
    const file = join(workDir, "app.cjs");
    writeFileSync(file, app);
    return spawnServer(process.execPath, [file], port, { NODE_PATH: join(REPO_ROOT, "node_modules") });
  },
};
