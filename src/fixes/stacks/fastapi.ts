import { defineStack, headerMatches } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  EXISTING_MARKER,
  ORIGINS_COMMENT,
  pyList,
  pyOrigins,
} from "../snippet.js";

/** FastAPI / Starlette CORSMiddleware (https://www.starlette.io/middleware/#corsmiddleware). */
export const fastapi = defineStack({
  id: "fastapi",
  label: "FastAPI / Starlette (CORSMiddleware)",
  language: "python",
  detect: {
    precedence: 170,
    rules: [{ confidence: "medium", match: headerMatches("Server", /uvicorn|hypercorn/i) }],
  },
  generate({ policy, needs }) {
    const options = [
      allowsAnyOrigin(policy.origins)
        ? `    allow_origins=["*"],  # ${ANY_ORIGIN_COMMENT}`
        : `    allow_origins=${pyOrigins(policy.origins)},`,
      `    allow_methods=${pyList(policy.methods)},  # the default is GET only`,
      `    allow_headers=${pyList(policy.headers)},`,
      ...(policy.exposeHeaders.length > 0 ? [`    expose_headers=${pyList(policy.exposeHeaders)},`] : []),
      ...(policy.credentials ? ["    allow_credentials=True,"] : []),
      `    max_age=${policy.maxAge},`,
    ];
    // Unhandled exceptions are answered by ServerErrorMiddleware, which Starlette always puts
    // outside every app.add_middleware() layer: only wrapping the whole app covers those 500s.
    const wrap = needs.errorResponses;
    const originsComment = allowsAnyOrigin(policy.origins) ? [] : [`# ${ORIGINS_COMMENT}`];
    const snippet = wrap
      ? [
          "import os",
          "",
          "from starlette.middleware.cors import CORSMiddleware",
          "",
          `# ${EXISTING_MARKER} (app = FastAPI(), routes, middleware, exception handlers)`,
          "",
          "# Last lines of the module: wrap the whole application, so even unhandled errors (500),",
          "# which Starlette answers outside app.add_middleware(), carry the CORS headers.",
          "# Keep serving it as before (uvicorn main:app).",
          ...originsComment,
          "app = CORSMiddleware(",
          "    app,",
          ...options,
          ")",
        ].join("\n")
      : [
          "import os",
          "",
          "from fastapi.middleware.cors import CORSMiddleware",
          "",
          `# ${EXISTING_MARKER} (app = FastAPI(), routes, other middleware)`,
          "",
          "# Added last, so it runs first: before authentication middleware and routing.",
          ...originsComment,
          "app.add_middleware(",
          "    CORSMiddleware,",
          ...options,
          ")",
        ].join("\n");
    const traps = [
      wrap
        ? "After the wrap, app is the CORS middleware: add routes, middleware and exception handlers above it. uvicorn, gunicorn and TestClient(app) still work; the fastapi run/dev CLI wants a FastAPI instance, so start it with uvicorn main:app."
        : "Unhandled exceptions (500) bypass CORSMiddleware added with app.add_middleware (ServerErrorMiddleware is outermost): the browser then reports a CORS error instead of the 500 (fastapi/fastapi#775); wrap the app if that matters.",
      "allow_methods defaults to GET only, and a preflight for anything else gets 400 'Disallowed CORS method'.",
      "Origins are compared as exact strings: no trailing slash, and the port must match.",
      'allow_origins=["*"] with allow_credentials=True reflects the caller\'s origin when a cookie is sent, letting every website act as your users.',
    ];
    if (needs.beforeAuth)
      traps.unshift(
        "Middleware added later runs earlier: authentication middleware added after CORSMiddleware would answer preflights with 401.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers your proxy (nginx, a CDN, the gateway) adds: the header must appear once.",
      );
    return {
      where: wrap
        ? "At the end of the module that creates the FastAPI app (e.g. main.py), after every route, middleware and exception handler."
        : "In the module that creates the FastAPI app (e.g. main.py), after your other app.add_middleware() calls, so it is the outermost one.",
      snippet,
      traps,
    };
  },
});
