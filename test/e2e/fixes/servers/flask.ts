import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";
import { DEBIAN_PYTHON, pythonMissing } from "./fastapi.js";

/**
 * Flask with Flask-CORS on the Werkzeug development server. The authentication is a
 * before_request hook (non-GET requests without an Authorization header get 401), the way a
 * Flask app usually protects everything; the route answers JSON or raises (Flask answers 500).
 */
export const flaskRunner: StackRunner = {
  stack: "flask",
  unavailable: () => pythonMissing(["flask", "flask_cors"], "python3-flask python3-flask-cors"),
  async start({ snippet, port, paths, route, workDir }) {
    const existing = `@app.before_request
def authenticate():
    if request.method != "GET" and "Authorization" not in request.headers:
        return jsonify(error="unauthorized"), 401
    return None


${paths.map((path) => `@app.route(${JSON.stringify(path)}, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])`).join("\n")}
def handler():
    ${route === "fail" ? 'raise RuntimeError("the handler failed")' : "return jsonify(ok=True)"}`;
    const app = `from flask import Flask, jsonify, request

app = Flask(__name__)

${replaceMarker(snippet, existing)}

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=${port}, debug=False)
`;
    writeFileSync(join(workDir, "app.py"), app);
    return spawnServer(DEBIAN_PYTHON, [join(workDir, "app.py")], port, { PYTHONDONTWRITEBYTECODE: "1" }, workDir);
  },
};
