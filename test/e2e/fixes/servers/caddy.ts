import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, replaceMarker, type StackRunner, spawnServer } from "../runner.js";

const CADDY = "/usr/bin/caddy";

/**
 * Debian's Caddy v2 with the snippet in the API's site block, in front of the application with
 * reverse_proxy. Authentication is Caddy's own forward_auth (which sorts before handle/respond in
 * Caddy's directive order), asking a second site in the same process: non-GET requests without
 * an Authorization header get 401. The application, a third site, answers OPTIONS with 405, the
 * route with JSON, or fails with the error directive (500).
 */
export const caddyRunner: StackRunner = {
  stack: "caddy",
  unavailable: () => (existsSync(CADDY) ? null : `${CADDY} is not installed (apt-get install caddy)`),
  async start({ snippet, port, paths, route, workDir }) {
    const authPort = await freePort();
    const appPort = await freePort();
    // The snippet asks to put @cors_authenticated on the auth directive when it defines it.
    const authMatcher = snippet.includes("@cors_authenticated not") ? "@cors_authenticated " : "";
    const existing = [
      `forward_auth ${authMatcher}127.0.0.1:${authPort} {`,
      "\turi /verify",
      "}",
      `reverse_proxy 127.0.0.1:${appPort}`,
    ].join("\n");
    const conf = `{
\tadmin off
\tauto_https off
\tstorage file_system ${join(workDir, "data")}
}

# The authentication service forward_auth asks (X-Forwarded-Method is the original method).
http://:${authPort} {
\tbind 127.0.0.1
\t@unauthorized {
\t\tnot header X-Forwarded-Method GET
\t\tnot header Authorization *
\t}
\trespond @unauthorized \`{"error":"unauthorized"}\` 401
\trespond 200
}

# The application behind reverse_proxy: no OPTIONS route, like most backends.
http://:${appPort} {
\tbind 127.0.0.1
\t@options method OPTIONS
\t@routes path ${paths.join(" ")}
\troute {
\t\trespond @options 405
\t\t${route === "fail" ? `error @routes "the handler failed" 500` : `respond @routes "{\\"ok\\":true}" 200`}
\t\trespond 404
\t}
}

http://:${port} {
\tbind 127.0.0.1
${replaceMarker(snippet, existing)
  .split("\n")
  .map((line) => (line === "" ? "" : `\t${line}`))
  .join("\n")}
}
`;
    const file = join(workDir, "Caddyfile");
    writeFileSync(file, conf);
    return spawnServer(CADDY, ["run", "--config", file, "--adapter", "caddyfile"], port, {
      HOME: workDir,
      XDG_CONFIG_HOME: join(workDir, "config"),
      XDG_DATA_HOME: join(workDir, "data"),
    });
  },
};
