import { spawnModule } from "../node-apps.js";
import type { StackRunner } from "../runner.js";

/** Hono 4 on @hono/node-server, from this project's devDependencies; an ES module. */
export const honoRunner: StackRunner = {
  stack: "hono",
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    const app = `import { serve } from "@hono/node-server";
import { Hono } from "hono";
const app = new Hono();

${snippet}

// A typical authentication layer: writes need a bearer token.
app.use(async (c, next) => {
  if (c.req.method !== "GET" && !c.req.header("Authorization")) return c.json({ error: "unauthorized" }, 401);
  await next();
});
for (const path of ${JSON.stringify(paths)}) {
  app.all(path, (c) => {
    ${route === "fail" ? 'throw new Error("the handler failed");' : "return c.json({ ok: true });"}
  });
}
serve({ fetch: app.fetch, port: ${port}, hostname: "127.0.0.1" });
`;
    return spawnModule(workDir, "app.mjs", app, port);
  },
};
