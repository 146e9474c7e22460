"""The explorer's serving: index page and SPA fallback, the dev key only on loopback, CORS, GraphiQL."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from clausegraph.app import create_app
from clausegraph.graphiql.page import graphiql_html
from clausegraph.settings import Settings
from clausegraph.web import inject_dev_key, read_dev_key, serves_explorer, web_routes

DEV_KEY = "cg_dev_local_0123456789"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<!doctype html><html><head><title>x</title></head><body><div id="root"></div></body></html>'
    )
    (folder / "assets" / "app-1234.js").write_text("console.log('explorer');")
    return folder


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / ".clausegraph" / "dev-admin-key"
    path.parent.mkdir()
    path.write_text(DEV_KEY + "\n")
    return path


def _client(app: Starlette, host: str = "127.0.0.1", base: str = "http://127.0.0.1:8000") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(host, 50000)), base_url=base)


def _app(dist: Path, key_file: Path, *, dev: bool = True) -> Starlette:
    return Starlette(routes=web_routes(Settings(CLAUSEGRAPH_DEV=dev), dist=dist, dev_key_file=key_file))


@pytest.mark.parametrize(
    "path", ["/", "/contracts/stratus-orbital-iaas", "/incidents/CLS-2026-002/liability", "/disputes/D-1", "/search"]
)
async def test_app_routes_get_the_index_page(dist: Path, key_file: Path, path: str) -> None:
    async with _client(_app(dist, key_file, dev=False)) as client:
        response = await client.get(path)
    assert response.status_code == 200
    assert '<div id="root">' in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_assets_and_unknown_paths(dist: Path, key_file: Path) -> None:
    async with _client(_app(dist, key_file)) as client:
        asset = await client.get("/assets/app-1234.js")
        assert asset.status_code == 200
        assert "explorer" in asset.text
        assert (await client.get("/assets/missing.js")).status_code == 404
        assert (await client.get("/not-an-app-route")).status_code == 404


async def test_dev_key_is_injected_only_for_a_local_browser_in_dev_mode(dist: Path, key_file: Path) -> None:
    async with _client(_app(dist, key_file)) as client:
        page = (await client.get("/")).text
    assert f'window.__CLAUSEGRAPH_DEV_KEY__="{DEV_KEY}"' in page
    assert page.index("__CLAUSEGRAPH_DEV_KEY__") < page.index("</head>")

    async with _client(_app(dist, key_file), host="192.0.2.10") as client:
        assert DEV_KEY not in (await client.get("/")).text
    async with _client(_app(dist, key_file), base="http://attacker.example:8000") as client:
        assert DEV_KEY not in (await client.get("/")).text  # DNS rebinding: a foreign host name
    async with _client(_app(dist, key_file)) as client:
        assert DEV_KEY not in (await client.get("/", headers={"X-Forwarded-For": "198.51.100.7"})).text
    async with _client(_app(dist, key_file, dev=False)) as client:
        assert DEV_KEY not in (await client.get("/")).text
    async with _client(_app(dist, key_file.parent / "absent")) as client:
        assert "__CLAUSEGRAPH_DEV_KEY__" not in (await client.get("/")).text


async def test_missing_build_says_how_to_build(tmp_path: Path, key_file: Path) -> None:
    async with _client(_app(tmp_path / "nothing", key_file)) as client:
        response = await client.get("/")
    assert response.status_code == 503
    assert "make web" in response.text


def test_dev_key_helpers(key_file: Path, tmp_path: Path) -> None:
    assert read_dev_key(key_file) == DEV_KEY
    assert read_dev_key(tmp_path / "none") is None
    page = inject_dev_key("<head></head>", "</script><b>")
    assert "</script><b>" not in page
    assert "\\u003c/script\\u003e" in page


def test_cors_origins_setting_is_comma_separated() -> None:
    settings = Settings(CLAUSEGRAPH_CORS_ORIGINS="https://a.example, https://b.example/ ,")
    assert settings.cors_allowed_origins == ["https://a.example", "https://b.example"]
    assert Settings(CLAUSEGRAPH_CORS_ORIGINS="").cors_allowed_origins == []


def _preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }


async def test_cors_preflight_for_a_configured_origin() -> None:
    app = create_app(Settings(CLAUSEGRAPH_CORS_ORIGINS="https://app.example"), manage_graph=False)
    async with _client(app) as client:
        allowed = await client.options("/graphql", headers=_preflight("https://app.example"))
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://app.example"
        assert "POST" in allowed.headers["access-control-allow-methods"]
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in allowed.headers
        refused = await client.options("/graphql", headers=_preflight("https://other.example"))
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers
        health = await client.get("/health", headers={"Origin": "https://app.example"})
        assert health.headers["access-control-allow-origin"] == "https://app.example"


async def test_no_cors_by_default() -> None:
    app = create_app(Settings(CLAUSEGRAPH_CORS_ORIGINS=""), manage_graph=False)
    async with _client(app) as client:
        response = await client.options("/graphql", headers=_preflight("https://app.example"))
    assert response.status_code == 405
    assert "access-control-allow-origin" not in response.headers


def test_graphiql_page_has_a_subscription_url_and_the_dev_header() -> None:
    plain = graphiql_html("/graphql", "/graphiql-assets")
    assert "subscriptionUrl" in plain
    assert "Bearer" not in plain
    page = graphiql_html("/graphql", "/graphiql-assets", dev_key=DEV_KEY)
    assert f"Bearer {DEV_KEY}" in page
    assert '"headers"' in page


def test_the_explorers_paths_are_known_to_the_auth_layer() -> None:
    for path in ("/", "/assets/index-1.js", "/contracts/k", "/incidents", "/search", "/disputes/d/x"):
        assert serves_explorer(path), path
    for path in ("/graphql", "/bundles/d/1.json", "/health", "/graphiql-assets/x.js", "/contractsx"):
        assert not serves_explorer(path), path
