import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";

const NGINX = "/usr/sbin/nginx";

/** Debian's nginx, run in the foreground from a private prefix. */
export const nginxRunner: StackRunner = {
  stack: "nginx",
  unavailable: () => (existsSync(NGINX) ? null : `${NGINX} is not installed (apt-get install nginx)`),
  async start({ snippet, port, route, workDir }) {
    for (const dir of ["logs", "tmp"]) mkdirSync(join(workDir, dir), { recursive: true });
    // The app behind the location: the same auth layer, then the handler.
    const existing = [
      "if ($lab_unauthorized) {",
      '    return 401 \'{"error":"unauthorized"}\';',
      "}",
      route === "fail" ? 'return 500 \'{"error":"the handler failed"}\';' : "return 200 '{\"ok\":true}';",
    ].join("\n");
    // Several origins: the snippet's map goes in the http { } block, as its "where" says.
    const split = snippet.split("\n");
    const firstLocation = split.findIndex((line) => line.startsWith("location "));
    const httpBlock = split
      .slice(0, Math.max(firstLocation, 0))
      .map((line) => `    ${line}`)
      .join("\n");
    const serverBlock = split.slice(Math.max(firstLocation, 0)).join("\n");
    const conf = `worker_processes 1;
pid ${workDir}/nginx.pid;
error_log ${workDir}/logs/error.log warn;
events {}
http {
    access_log off;
    client_body_temp_path ${workDir}/tmp/body;
    proxy_temp_path ${workDir}/tmp/proxy;
    fastcgi_temp_path ${workDir}/tmp/fastcgi;
    uwsgi_temp_path ${workDir}/tmp/uwsgi;
    scgi_temp_path ${workDir}/tmp/scgi;
    default_type application/json;
    map "$request_method:$http_authorization" $lab_unauthorized {
        "~^GET:" 0;
        "~^[A-Z]+:$" 1;
        default 0;
    }
${httpBlock}
    server {
        listen 127.0.0.1:${port};
${replaceMarker(serverBlock, existing)
  .split("\n")
  .map((line) => `        ${line}`)
  .join("\n")}
    }
}
`;
    writeFileSync(join(workDir, "nginx.conf"), conf);
    return spawnServer(NGINX, ["-p", workDir, "-c", join(workDir, "nginx.conf"), "-g", "daemon off; user root;"], port);
  },
};
