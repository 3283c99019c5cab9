import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";

const PHP = "/usr/bin/php";

/**
 * Debian's php-cli built-in server with the snippet at the top of the router script, the entry
 * script of every request. After it: the authentication (non-GET requests without an
 * Authorization header get 401) and the handler, which answers JSON or throws (PHP answers an
 * uncaught exception with 500 when display_errors is off, as in production).
 */
export const phpRunner: StackRunner = {
  stack: "php",
  unavailable: () => (existsSync(PHP) ? null : `${PHP} is not installed (apt-get install php-cli)`),
  async start({ snippet, port, paths, route, workDir }) {
    const existing = [
      "if ($_SERVER['REQUEST_METHOD'] !== 'GET' && empty($_SERVER['HTTP_AUTHORIZATION'])) {",
      "    http_response_code(401);",
      "    header('Content-Type: application/json');",
      '    echo \'{"error":"unauthorized"}\';',
      "    exit;",
      "}",
      `if (in_array(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH), ${JSON.stringify(paths)}, true)) {`,
      route === "fail"
        ? "    throw new RuntimeException('the handler failed');"
        : "    header('Content-Type: application/json');\n    echo json_encode(['ok' => true]);\n    exit;",
      "}",
      "http_response_code(404);",
    ].join("\n");
    const router = join(workDir, "index.php");
    writeFileSync(router, `${replaceMarker(snippet, existing)}\n`);
    return spawnServer(
      PHP,
      ["-n", "-d", "display_errors=0", "-d", "log_errors=1", "-S", `127.0.0.1:${port}`, "-t", workDir, router],
      port,
      {},
      workDir,
    );
  },
};
