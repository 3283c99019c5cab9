import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";

const GO = "/usr/bin/go";
/** Debian's golang-github-rs-cors-dev: the rs/cors source, built offline in GOPATH mode. */
const GOPATH = "/usr/share/gocode";
const RS_CORS = join(GOPATH, "src/github.com/rs/cors/cors.go");

/** A build cache shared by every case of a run: net/http compiles once. */
const GOCACHE = join(tmpdir(), "cors-doctor-fix-go-cache");

/**
 * net/http with rs/cors, compiled with Debian's Go. The snippet's withCORS wraps the handler
 * main serves: an authentication middleware (non-GET requests without an Authorization header
 * get 401) around a ServeMux whose route answers JSON or fails with http.Error (500).
 */
export const goRunner: StackRunner = {
  stack: "go",
  unavailable: () => {
    if (!existsSync(GO)) return `${GO} is not installed (apt-get install golang-go)`;
    if (!existsSync(RS_CORS)) return `${RS_CORS} is missing (apt-get install golang-github-rs-cors-dev)`;
    return null;
  },
  async start({ snippet, port, paths, route, workDir }) {
    const main = `func main() {
	router := http.NewServeMux()
${paths
  .map(
    (path) => `\trouter.HandleFunc(${JSON.stringify(path)}, func(w http.ResponseWriter, r *http.Request) {
${
  route === "fail"
    ? '\t\thttp.Error(w, "the handler failed", http.StatusInternalServerError)'
    : '\t\tw.Header().Set("Content-Type", "application/json")\n\t\tw.Write([]byte(`{"ok":true}`))'
}
\t})`,
  )
  .join("\n")}
	log.Fatal(http.ListenAndServe("127.0.0.1:${port}", withCORS(authenticate(router))))
}

// A typical authentication middleware: writes need a bearer token.
func authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Header.Get("Authorization") == "" {
			http.Error(w, \`{"error":"unauthorized"}\`, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}`;
    const source = `package main

import (
	"log"
	"net/http"
)

${replaceMarker(snippet, main)}
`;
    writeFileSync(join(workDir, "main.go"), source);
    mkdirSync(GOCACHE, { recursive: true });
    const binary = join(workDir, "app");
    try {
      await promisify(execFile)(GO, ["build", "-o", binary, "main.go"], {
        cwd: workDir,
        timeout: 150_000,
        env: { ...process.env, GOPATH, GO111MODULE: "off", GOFLAGS: "", GOCACHE, GOTOOLCHAIN: "local" },
      });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`go build failed:\n${stderr ?? String(error)}\n--- main.go ---\n${source}`);
    }
    return spawnServer(binary, [], port, {}, workDir);
  },
};
