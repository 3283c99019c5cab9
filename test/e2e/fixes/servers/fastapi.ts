import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";

/** Debian's Python, where python3-fastapi, python3-starlette and python3-uvicorn are installed. */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** Null when Debian's python3 can import every module, else why not. */
export function pythonMissing(modules: readonly string[], packages: string): string | null {
  const probe = spawnSync(DEBIAN_PYTHON, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8", timeout: 20_000 });
  return probe.status === 0
    ? null
    : `${DEBIAN_PYTHON} cannot import ${modules.join(", ")} (apt-get install ${packages})`;
}

/**
 * FastAPI on uvicorn. The authentication is an HTTP middleware (non-GET requests without an
 * Authorization header get 401) registered before the snippet; the route answers JSON or raises.
 */
export const fastapiRunner: StackRunner = {
  stack: "fastapi",
  unavailable: () => pythonMissing(["fastapi", "starlette", "uvicorn"], "python3-fastapi python3-uvicorn"),
  async start({ snippet, port, paths, route, workDir }) {
    const existing = `from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.middleware("http")
async def authenticate(request: Request, call_next):
    if request.method != "GET" and "authorization" not in request.headers:
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    return await call_next(request)


${paths.map((path) => `@app.api_route(${JSON.stringify(path)}, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])`).join("\n")}
async def handler():
    ${route === "fail" ? 'raise RuntimeError("the handler failed")' : 'return {"ok": True}'}`;
    writeFileSync(join(workDir, "main.py"), `${replaceMarker(snippet, existing)}\n`);
    return spawnServer(
      DEBIAN_PYTHON,
      ["-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", String(port), "--no-access-log"],
      port,
      { PYTHONPATH: workDir, PYTHONDONTWRITEBYTECODE: "1" },
      workDir,
    );
  },
};
