import { cookieNamed, defineStack, headerMatches } from "../define-stack.js";
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

/** django-cors-headers (https://github.com/adamchainz/django-cors-headers). */
export const django = defineStack({
  id: "django",
  label: "Django (django-cors-headers)",
  language: "python",
  detect: {
    precedence: 150,
    rules: [
      { confidence: "high", match: cookieNamed(/^csrftoken$/i) },
      { confidence: "medium", match: headerMatches("Server", /WSGIServer/i) },
    ],
  },
  generate({ policy, needs }) {
    // The API's first path segment and everything under it (every path for "/").
    const scopes = pathScopes(policy.paths);
    const lines = [
      "# pip install django-cors-headers",
      "import os",
      "",
      `# ${EXISTING_MARKER} (INSTALLED_APPS, MIDDLEWARE, ...)`,
      "",
      'INSTALLED_APPS = [*INSTALLED_APPS, "corsheaders"]',
      "# First: above CommonMiddleware, WhiteNoise, authentication and anything else that can answer.",
      'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]',
      "",
      ...(allowsAnyOrigin(policy.origins)
        ? [`CORS_ALLOW_ALL_ORIGINS = True  # ${ANY_ORIGIN_COMMENT}`]
        : [
            `# ${ORIGINS_COMMENT} No trailing slash (corsheaders.E014).`,
            `CORS_ALLOWED_ORIGINS = ${pyOrigins(policy.origins)}`,
          ]),
      ...(scopes ? [`CORS_URLS_REGEX = r"${scopesRegex(scopes)}"`] : []),
      `CORS_ALLOW_METHODS = ${pyList(policy.methods)}`,
      `CORS_ALLOW_HEADERS = ${pyList(policy.headers)}`,
      ...(policy.exposeHeaders.length > 0 ? [`CORS_EXPOSE_HEADERS = ${pyList(policy.exposeHeaders)}`] : []),
      ...(policy.credentials ? ["CORS_ALLOW_CREDENTIALS = True"] : []),
      `CORS_PREFLIGHT_MAX_AGE = ${policy.maxAge}`,
    ];
    const traps = [
      "CorsMiddleware must sit above CommonMiddleware and WhiteNoise, which can answer (or redirect) before it runs.",
      "An origin with a trailing slash or a path fails the corsheaders.E014 system check at startup.",
      "CORS_ALLOW_ALL_ORIGINS = True (or the old CORS_ORIGIN_ALLOW_ALL) with credentials lets every website act as your users.",
      "If corsheaders is already listed, drop the two list lines and move the existing entries instead: a duplicate app label stops Django at startup.",
    ];
    if (policy.credentials)
      traps.push(
        'Cookies still need SESSION_COOKIE_SAMESITE = "None" with SESSION_COOKIE_SECURE = True when the page is on another site (adamchainz/django-cors-headers#344).',
        "Unsafe requests with the session cookie also pass CSRF: add the page's origin to CSRF_TRUSTED_ORIGINS (Django 4.0+ wants the scheme; 3.2 takes the bare host).",
      );
    if (needs.singleLayer)
      traps.unshift("Remove the Access-Control-* headers your proxy (nginx, a CDN) adds: the header must appear once.");
    return {
      where:
        "At the end of settings.py, so CorsMiddleware lands first in MIDDLEWARE, above CommonMiddleware and every authentication middleware.",
      snippet: lines.join("\n"),
      traps,
    };
  },
});
