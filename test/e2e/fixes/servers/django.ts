import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceMarker, type StackRunner, spawnServer } from "../runner.js";
import { DEBIAN_PYTHON, pythonMissing } from "./fastapi.js";

/**
 * Django with django-cors-headers on runserver (no autoreload), DEBUG off. The snippet goes at
 * the end of settings.py; the existing settings have CommonMiddleware and an authentication
 * middleware (non-GET requests without an Authorization header get 401). The view answers JSON
 * or raises (Django answers 500).
 */
export const djangoRunner: StackRunner = {
  stack: "django",
  unavailable: () => pythonMissing(["django", "corsheaders"], "python3-django python3-django-cors-headers"),
  async start({ snippet, port, paths, route, workDir }) {
    const existing = `SECRET_KEY = "lab-only"
DEBUG = False
ALLOWED_HOSTS = ["api.test", "127.0.0.1", "localhost"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = ["django.contrib.contenttypes"]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "auth.TokenAuthenticationMiddleware",
]
DATABASES = {}
USE_TZ = True
LOGGING = {"version": 1, "disable_existing_loggers": False}`;
    writeFileSync(join(workDir, "settings.py"), `${replaceMarker(snippet, existing)}\n`);
    writeFileSync(
      join(workDir, "auth.py"),
      `from django.http import JsonResponse


class TokenAuthenticationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" and "Authorization" not in request.headers:
            return JsonResponse({"error": "unauthorized"}, status=401)
        return self.get_response(request)
`,
    );
    writeFileSync(
      join(workDir, "urls.py"),
      `from django.http import JsonResponse
from django.urls import path


def handler(request):
    ${route === "fail" ? 'raise RuntimeError("the handler failed")' : 'return JsonResponse({"ok": True})'}


urlpatterns = [${paths.map((p) => `path(${JSON.stringify(p.replace(/^\//, ""))}, handler)`).join(", ")}]
`,
    );
    return spawnServer(
      DEBIAN_PYTHON,
      ["-m", "django", "runserver", `127.0.0.1:${port}`, "--noreload", "--nothreading"],
      port,
      { DJANGO_SETTINGS_MODULE: "settings", PYTHONPATH: workDir, PYTHONDONTWRITEBYTECODE: "1" },
      workDir,
    );
  },
};
