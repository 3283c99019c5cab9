import { defineStack, headerMatches } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  EXISTING_MARKER,
  ORIGINS_COMMENT,
  pathScopes,
  pyList,
  pyOrigins,
  scopesRegex,
} from "../snippet.js";

/** Flask-CORS (https://flask-cors.readthedocs.io/en/latest/api.html). */
export const flask = defineStack({
  id: "flask",
  label: "Flask (Flask-CORS)",
  language: "python",
  detect: {
    precedence: 160,
    rules: [{ confidence: "medium", match: headerMatches("Server", /werkzeug/i) }],
  },
  generate({ policy, needs }) {
    // The API's first path segment and everything under it (every path for "/").
    const scopes = pathScopes(policy.paths);
    const options = [
      ...(scopes ? [`    resources=[r"${scopesRegex(scopes)}"],`] : []),
      allowsAnyOrigin(policy.origins)
        ? `    origins=["*"],  # ${ANY_ORIGIN_COMMENT}`
        : `    origins=${pyOrigins(policy.origins)},`,
      `    methods=${pyList(policy.methods)},`,
      `    allow_headers=${pyList(policy.headers)},`,
      ...(policy.exposeHeaders.length > 0 ? [`    expose_headers=${pyList(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["    supports_credentials=True,"] : []),
      `    max_age=${policy.maxAge},`,
    ];
    const lines = [
      '# pip install "flask-cors>=6.0"',
      "import os",
      "",
      ...(needs.preflight ? ["from flask import request"] : []),
      "from flask_cors import CORS",
      "",
      "# Right after app = Flask(__name__), before your own before_request hooks.",
      ...(allowsAnyOrigin(policy.origins) ? [] : [`# ${ORIGINS_COMMENT}`]),
      "CORS(",
      "    app,",
      ...options,
      ")",
      "",
      "",
      "@app.after_request",
      "def vary_on_origin(response):",
      "    # Flask-CORS adds Vary: Origin only for several origins; shared caches need it anyway.",
      '    response.vary.add("Origin")',
      "    return response",
      ...(needs.preflight
        ? [
            "",
            "",
            "@app.before_request",
            "def answer_cors_preflight():",
            "    # Registered before your authentication hooks: a preflight never carries credentials.",
            "    # Flask-CORS adds the Access-Control-* headers to this empty answer.",
            '    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:',
            '        return "", 204',
            "    return None",
          ]
        : []),
      "",
      "",
      `# ${EXISTING_MARKER} (before_request hooks, blueprints, routes)`,
    ];
    const traps = [
      "Flask-CORS before 6.0 has CVE-2024-6221 (Access-Control-Allow-Private-Network by default) and CVE-2024-6839/6844/6866 (path matching); upgrade to 6.0 or later.",
      "In debug mode the Werkzeug debugger answers unhandled exceptions itself, without CORS headers; production 500s keep them.",
    ];
    if (needs.preflight)
      traps.splice(
        1,
        0,
        "A before_request hook that aborts with 401 also rejects preflights, since Flask-CORS only adds headers afterwards (corydolphin/flask-cors#170): answer_cors_preflight must be registered before it.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers nginx or the gateway in front adds: the header must appear once (corydolphin/flask-cors#215).",
      );
    else
      traps.push(
        "If nginx or a gateway in front also adds Access-Control-Allow-Origin, the browser sees it twice (corydolphin/flask-cors#215).",
      );
    return {
      where:
        "In the module that creates the Flask app, right after app = Flask(__name__) and before your before_request hooks and blueprints.",
      snippet: lines.join("\n"),
      traps,
    };
  },
});
