import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../../../lab/browser.js";
import { type StackRunner, spawnServer } from "../runner.js";

/** Koa 3 with @koa/cors 5 and @koa/router, from this project's devDependencies; CommonJS. */
export const koaRunner: StackRunner = {
  stack: "koa",
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    const app = `const Koa = require("koa");
const Router = require("@koa/router");
const app = new Koa();

${snippet}

// A typical authentication layer: writes need a bearer token.
app.use(async (ctx, next) => {
  if (ctx.method !== "GET" && !ctx.get("Authorization")) {
    ctx.status = 401;
    ctx.body = { error: "unauthorized" };
    return;
  }
  await next();
});
const router = new Router();
for (const path of ${JSON.stringify(paths)}) {
  router.all(path, (ctx) => {
    ${route === "fail" ? 'throw new Error("the handler failed");' : "ctx.body = { ok: true };"}
  });
}
app.use(router.routes()).use(router.allowedMethods());
app.listen(${port}, "127.0.0.1");
`;
    const file = join(workDir, "app.cjs");
    writeFileSync(file, app);
    return spawnServer(process.execPath, [file], port, { NODE_PATH: join(REPO_ROOT, "node_modules") });
  },
};
