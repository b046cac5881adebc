"""The built web app and GraphiQL page, served from ``frontend/dist``."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

__all__ = ["FrontendBuild"]


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
        """Routes for assets, and the app for ``/`` and every client-side path."""
        return [
            Mount("/assets", _Assets(self.folder / "assets")),
            Route("/{path:path}", self._app_page, methods=["GET", "HEAD"]),
        ]

    async def _app_page(self, _request: Request) -> Response:
        if not self.has_app:
            return RedirectResponse("/graphql")
        return FileResponse(self.app_page, headers={"cache-control": "no-cache"})


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
