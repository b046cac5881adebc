"""The built web app and GraphiQL page, served from ``frontend/dist``."""

from __future__ import annotations

import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

__all__ = ["APP_PATHS", "FrontendBuild"]

APP_PATHS = (
    "/",
    "/experiments/new",
    "/experiments/{id}",
    "/experiments/{id}/edit",
    "/runs/{id}",
    "/runs/{id}/items/{index}",
    "/compare",
)
"""The web app's own pages (its router in ``frontend/src/App.tsx``)."""

_NOT_FOUND_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · Runcast</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; }}
main {{ max-width: 36rem; margin: 15vh auto; padding: 0 1.5rem; }}
h1 {{ font-size: 1.5rem; }}
code {{ background: #f3f4f6; padding: 0.1em 0.3em; border-radius: 4px; }}
a {{ color: #0b57d0; }}
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p><code>{path}</code> is not a page of this Runcast server.</p>
<p><a href="/">Go to the experiments</a> or <a href="/graphql">open GraphiQL</a>.</p>
</main>
</body>
</html>
"""


class FrontendBuild:
    """What ``npm run build`` wrote, and the routes that serve it.

    Without a build the API still works: ``/`` leads to GraphiQL instead.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def app_page(self) -> Path:
        """The single-page app's entry point."""
        return self.folder / "index.html"

    @property
    def graphiql_page(self) -> Path:
        """The bundled GraphiQL page, which needs no network."""
        return self.folder / "graphiql.html"

    @property
    def has_app(self) -> bool:
        """Whether the app has been built."""
        return self.app_page.is_file()

    @property
    def has_graphiql(self) -> bool:
        """Whether the bundled GraphiQL page has been built."""
        return self.graphiql_page.is_file()

    def routes(self) -> list[BaseRoute]:
        """Routes for assets, the app for its own pages, and a 404 for the rest."""
        return [
            Mount("/assets", _Assets(self.folder / "assets")),
            *(
                Route(path, self._app_page, methods=["GET", "HEAD"])
                for path in APP_PATHS
            ),
            Route("/{path:path}", _not_found),
        ]

    async def _app_page(self, _request: Request) -> Response:
        if not self.has_app:
            return RedirectResponse("/graphql")
        return FileResponse(self.app_page, headers={"cache-control": "no-cache"})


async def _not_found(request: Request) -> Response:
    """A 404 for any other path: a page for browsers, plain text for the rest."""
    if "text/html" in request.headers.get("accept", ""):
        page = _NOT_FOUND_PAGE.format(path=html.escape(request.url.path))
        return HTMLResponse(page, status_code=404)
    return PlainTextResponse("Not Found", status_code=404)


class _Assets:
    """The build's static files; a build made while serving needs no restart."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._files = StaticFiles(directory=folder, check_dir=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._folder.is_dir():
            await self._files(scope, receive, send)
            return
        await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
