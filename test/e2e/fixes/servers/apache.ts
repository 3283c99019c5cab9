import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";

const APACHE = "/usr/sbin/apache2";
const MODULES = "/usr/lib/apache2/modules";

/** The modules a typical API vhost has: the snippet's (headers, rewrite) plus auth and CGI for the app. */
const LOADED = [
  ["mpm_prefork_module", "mod_mpm_prefork.so"],
  ["authz_core_module", "mod_authz_core.so"],
  ["authn_core_module", "mod_authn_core.so"],
  ["authn_file_module", "mod_authn_file.so"],
  ["authz_user_module", "mod_authz_user.so"],
  ["auth_basic_module", "mod_auth_basic.so"],
  ["alias_module", "mod_alias.so"],
  ["cgi_module", "mod_cgi.so"],
  ["headers_module", "mod_headers.so"],
  ["rewrite_module", "mod_rewrite.so"],
  // SetEnvIf, which the snippet uses to match several origins (Debian enables it by default).
  ["setenvif_module", "mod_setenvif.so"],
] as const;

/**
 * Debian's Apache httpd, in the foreground from a private config. The application is a CGI
 * script behind ScriptAlias; the authentication is Apache's own (Basic auth required for
 * non-GET requests that carry no Authorization header), as a vhost protecting an API has it.
 */
export const apacheRunner: StackRunner = {
  stack: "apache",
  unavailable: () => (existsSync(APACHE) ? null : `${APACHE} is not installed (apt-get install apache2)`),
  async start({ snippet, port, paths, route, workDir }) {
    const script = join(workDir, "app.cgi");
    writeFileSync(
      script,
      route === "fail"
        ? // A crashing handler: Apache answers 500 itself ("End of script output before headers").
          "#!/bin/sh\necho 'the handler failed' >&2\nexit 1\n"
        : "#!/bin/sh\ncat >/dev/null\nprintf 'Content-Type: application/json\\r\\n\\r\\n{\"ok\":true}'\n",
    );
    chmodSync(script, 0o755);
    writeFileSync(join(workDir, "htpasswd"), "");
    const existing = [
      `ScriptAliasMatch "^(?:${paths.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$" "${script}"`,
      '<Location "/">',
      "    <If \"%{REQUEST_METHOD} != 'GET' && -z req('Authorization')\">",
      "        AuthType Basic",
      '        AuthName "api"',
      "        AuthBasicProvider file",
      `        AuthUserFile "${join(workDir, "htpasswd")}"`,
      "        Require valid-user",
      "    </If>",
      "</Location>",
    ].join("\n");
    const conf = `ServerRoot "${workDir}"
ServerName api.test
Listen 127.0.0.1:${port}
PidFile "${join(workDir, "httpd.pid")}"
ErrorLog "${join(workDir, "error.log")}"
LogLevel warn
# -X serves one connection at a time: a browser's idle keep-alive connection would stall the next.
KeepAlive Off
${LOADED.map(([name, file]) => `LoadModule ${name} ${MODULES}/${file}`).join("\n")}
<VirtualHost 127.0.0.1:${port}>
${replaceMarker(snippet, existing)
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
</VirtualHost>
`;
    writeFileSync(join(workDir, "httpd.conf"), conf);
    const server = await spawnServer(APACHE, ["-X", "-f", join(workDir, "httpd.conf")], port, {}, workDir);
    const errorLog = () =>
      existsSync(join(workDir, "error.log")) ? readFileSync(join(workDir, "error.log"), "utf8") : "";
    return { logs: () => `${server.logs()}${errorLog()}`, close: () => server.close() };
  },
};
