import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { linkNodeModules } from "../node-apps.js";
import { replaceMarker, type StackRunner, spawnServer, warmUp } from "../runner.js";

/**
 * A real Next.js app (this project's devDependency `next`, App Router) under `next dev`: the
 * generated proxy.ts in the project root, with authentication where the snippet's marker asks
 * for it (non-GET requests without Authorization get 401), and a route handler at the case's
 * path that answers JSON or throws (Next.js answers 500).
 *
 * The snippet is TypeScript; it is type-stripped with esbuild into proxy.js, because Next.js
 * checks TypeScript projects with the `typescript` package's JS API, which this project's
 * TypeScript 7 does not have (and would otherwise try to npm-install one).
 */
export const nextjsRunner: StackRunner = {
  stack: "nextjs",
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    linkNodeModules(workDir);
    const auth = [
      'if (request.method !== "GET" && !request.headers.get("authorization")) {',
      '  return NextResponse.json({ error: "unauthorized" }, { status: 401 });',
      "}",
    ].join("\n");
    const proxy = transformSync(replaceMarker(snippet, auth), { loader: "ts" }).code;
    writeFileSync(join(workDir, "proxy.js"), proxy);
    const body =
      route === "fail" ? '  throw new Error("the handler failed");' : "  return Response.json({ ok: true });";
    for (const path of paths) {
      const routeDir = join(workDir, "app", ...path.split("/").filter((s) => s !== ""));
      mkdirSync(routeDir, { recursive: true });
      writeFileSync(
        join(routeDir, "route.js"),
        ["GET", "POST", "PUT", "PATCH", "DELETE"]
          .map((method) => `export async function ${method}() {\n${body}\n}\n`)
          .join("\n"),
      );
    }
    writeFileSync(join(workDir, "package.json"), '{ "private": true, "type": "module" }\n');
    // node_modules is a symlink out of the work directory: Turbopack compiles only inside its root.
    writeFileSync(
      join(workDir, "next.config.js"),
      'export default { turbopack: { root: "/" }, agentRules: false, experimental: { agentUpgrade: false } };\n',
    );
    const server = await spawnServer(
      process.execPath,
      [join(workDir, "node_modules/next/dist/bin/next"), "dev", "--hostname", "127.0.0.1", "--port", String(port)],
      port,
      { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "development" },
      workDir,
    );
    // next dev compiles proxy.ts, the route and the error page on first use, which takes longer
    // than the replay waits on this machine: compile them before the browser's request.
    for (const path of paths) await warmUp(`http://127.0.0.1:${port}${path}`, server);
    return server;
  },
};
