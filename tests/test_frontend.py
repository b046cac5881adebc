"""Serving the built web app and the bundled GraphiQL page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from runcast.app import create_app
from runcast.frontend import APP_PATHS
from runcast.runtime import Runtime


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A minimal stand-in for `npm run build` output."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<html>runcast app</html>")
    (folder / "graphiql.html").write_text("<html>bundled graphiql</html>")
    (folder / "assets" / "app.js").write_text("console.log('runcast')")
    return folder


async def serve(runtime: Runtime, folder: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = runtime.settings.model_copy(update={"frontend_dir": folder})
    app = create_app(settings, runtime=runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost"
    ) as http:
        yield http


@pytest.fixture
async def built(runtime: Runtime, build: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app whose frontend has been built."""
    async for http in serve(runtime, build):
        yield http


@pytest.fixture
async def unbuilt(runtime: Runtime, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app whose frontend has not been built."""
    async for http in serve(runtime, tmp_path / "missing"):
        yield http


class TestBuiltFrontend:
    async def test_root_and_client_routes_serve_the_app(
        self, built: httpx.AsyncClient
    ) -> None:
        """`/` and any client-side path answer with index.html."""
        for path in (
            "/",
            "/runs/123",
            "/experiments/abc",
            "/experiments/new",
            "/compare",
        ):
            response = await built.get(path)

            assert response.status_code == 200
            assert response.text == "<html>runcast app</html>"

    async def test_assets_are_served(self, built: httpx.AsyncClient) -> None:
        """Files under dist/assets are served at /assets."""
        response = await built.get("/assets/app.js")

        assert response.text == "console.log('runcast')"

    async def test_browser_get_of_graphql_serves_bundled_graphiql(
        self, built: httpx.AsyncClient
    ) -> None:
        """A browser asking for /graphql gets the self-hosted GraphiQL."""
        response = await built.get("/graphql", headers={"accept": "text/html"})

        assert response.text == "<html>bundled graphiql</html>"

    async def test_api_get_of_graphql_still_answers_queries(
        self, built: httpx.AsyncClient
    ) -> None:
        """GET with a query is still GraphQL, not the page."""
        response = await built.get(
            "/graphql", params={"query": "{ experiments { totalCount } }"}
        )

        assert response.json() == {"data": {"experiments": {"totalCount": 0}}}

    async def test_unknown_paths_are_not_found_pages_for_browsers(
        self, built: httpx.AsyncClient
    ) -> None:
        """`/api`, `/metrics` and the like are a 404 HTML page, not the app."""
        for path in ("/api", "/metrics", "/api/anything", "/runs/1/nothing"):
            response = await built.get(path, headers={"accept": "text/html"})

            assert response.status_code == 404
            assert response.headers["content-type"].startswith("text/html")
            assert "Page not found" in response.text
            assert "runcast app" not in response.text

    async def test_unknown_paths_are_plain_404s_for_other_clients(
        self, built: httpx.AsyncClient
    ) -> None:
        """A script asking for `/api` gets a plain-text 404."""
        response = await built.get("/api", headers={"accept": "application/json"})

        assert response.status_code == 404
        assert response.text == "Not Found"

    async def test_not_found_page_escapes_the_path(
        self, built: httpx.AsyncClient
    ) -> None:
        """A path with markup in it is shown as text."""
        response = await built.get(
            "/<script>x</script>", headers={"accept": "text/html"}
        )

        assert "<script>x" not in response.text
        assert "&lt;script&gt;x" in response.text

    def test_app_paths_are_the_routers_pages(self) -> None:
        """Every page of the app's router loads on refresh, and only those."""
        app = Path(__file__).parents[1] / "frontend" / "src" / "App.tsx"
        router = re.findall(r'<Route path="([^"*]+)"', app.read_text())

        assert sorted(re.sub(r":(\w+)", r"{\1}", path) for path in router) == sorted(
            APP_PATHS
        )


class TestUnbuiltFrontend:
    async def test_root_leads_to_graphiql(self, unbuilt: httpx.AsyncClient) -> None:
        """Without a build, `/` redirects to the API explorer."""
        response = await unbuilt.get("/")

        assert response.status_code == 307
        assert response.headers["location"] == "/graphql"

    async def test_graphiql_falls_back_to_strawberry_page(
        self, unbuilt: httpx.AsyncClient
    ) -> None:
        """Without a build, GraphiQL is Strawberry's own page."""
        response = await unbuilt.get("/graphql", headers={"accept": "text/html"})

        assert response.status_code == 200
        assert "graphiql" in response.text.lower()

    async def test_missing_asset_is_not_found(self, unbuilt: httpx.AsyncClient) -> None:
        """An asset that does not exist is a 404, not the app page."""
        response = await unbuilt.get("/assets/app.js")

        assert response.status_code == 404


class TestBuildWhileServing:
    async def test_a_build_made_after_start_is_served(
        self, runtime: Runtime, tmp_path: Path
    ) -> None:
        """Building the frontend while the server runs needs no restart."""
        folder = tmp_path / "dist"
        async for http in serve(runtime, folder):
            assert (await http.get("/assets/app.js")).status_code == 404

            (folder / "assets").mkdir(parents=True)
            (folder / "assets" / "app.js").write_text("console.log('late')")
            (folder / "index.html").write_text("<html>late app</html>")

            assert (await http.get("/assets/app.js")).text == "console.log('late')"
            assert (await http.get("/runs/1")).text == "<html>late app</html>"
