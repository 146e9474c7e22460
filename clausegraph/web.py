"""The explorer (web/dist) at `/`: its index page for the app's routes, its bundled files under /assets/.

In development mode, and only for a browser on this machine, the index page carries the local admin
key (the file named by `dev_key_file`, written by the service) so the explorer signs in by itself;
everyone else gets the sign-in form. CORS for other origins is configured here too.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from clausegraph.devkey import read_dev_key
from clausegraph.settings import PROJECT_ROOT, Settings

WEB_DIST = PROJECT_ROOT / "web" / "dist"

# The explorer's client-side routes: the index page is served for these paths and anything below them.
APP_PREFIXES = ("contracts", "incidents", "disputes", "precedents", "search")

_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}
_NOT_BUILT = """\
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clausegraph</title></head>
<body style="font: 15px system-ui, sans-serif; margin: 3rem">
<h1>Clausegraph</h1><p>The explorer is not built yet: run <code>make web</code> (or <code>make run</code>).</p>
<p>GraphiQL is at <a href="/graphql">/graphql</a>.</p></body></html>
"""


def serves_explorer(path: str) -> bool:
    """True for the explorer's own paths (index page, app routes, bundled files): open without a key."""
    if path == "/" or path.startswith("/assets/"):
        return True
    first = path.lstrip("/").split("/", 1)[0]
    return first in APP_PREFIXES


def is_local_browser(request: Request) -> bool:
    """True for a direct request from this machine to a loopback host name (no proxy, no rebinding)."""
    client = request.client
    if client is None:
        return False
    try:
        if not ipaddress.ip_address(client.host).is_loopback:
            return False
    except ValueError:
        return False
    if "forwarded" in request.headers or "x-forwarded-for" in request.headers:
        return False
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in _LOOPBACK_NAMES


def _script_literal(value: str) -> str:
    """A JSON string that is also safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def inject_dev_key(page: str, key: str) -> str:
    """The index page with the key set on `window` before the app's script runs."""
    script = f"<script>window.__CLAUSEGRAPH_DEV_KEY__={_script_literal(key)};</script>"
    return page.replace("</head>", f"{script}\n</head>", 1) if "</head>" in page else script + page


def web_routes(settings: Settings, dist: Path = WEB_DIST, dev_key_file: Path | None = None) -> list[BaseRoute]:
    """`/`, the app's routes (index page, history-API fallback) and `/assets/` (hashed, bundled files)."""

    async def index(request: Request) -> Response:
        page_file = dist / "index.html"
        if not page_file.is_file():
            return HTMLResponse(_NOT_BUILT, status_code=503, headers={"Cache-Control": "no-store"})
        page = page_file.read_text(encoding="utf-8")
        if settings.dev and is_local_browser(request):
            key = read_dev_key(dev_key_file or settings.dev_key_file)
            if key is not None:
                page = inject_dev_key(page, key)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    routes: list[BaseRoute] = [Route("/", index)]
    for prefix in APP_PREFIXES:
        routes.append(Route(f"/{prefix}", index))
        routes.append(Route(f"/{prefix}/{{rest:path}}", index))
    routes.append(Mount("/assets", app=StaticFiles(directory=dist / "assets", check_dir=False), name="assets"))
    return routes


def cors_middleware(settings: Settings) -> list[Middleware]:
    """CORS for the configured origins (none by default: then no middleware at all).

    Keys travel in the Authorization header, never in cookies, so credentials stay off.
    """
    if not settings.cors_allowed_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_allowed_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            allow_credentials=False,
            max_age=600,
        )
    ]
