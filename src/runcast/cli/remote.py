"""Client commands: ``--url``/``--token``, one client, failures as one line."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import pydantic
from rich.console import Console
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.client import (
    Client,
    GraphQLClientError,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    connect,
)
from runcast.settings import ClientSettings

__all__ = ["Session", "add_client_command", "add_server_options", "run_with_client"]

_UNAUTHORIZED = 401
_WEBSOCKET_FORBIDDEN = 4403


@dataclass
class Session:
    """What a client command works with: the client, where it points, consoles."""

    client: Client
    url: str
    has_token: bool
    out: Console = field(default_factory=lambda: Console(highlight=False))
    err: Console = field(default_factory=lambda: Console(stderr=True, highlight=False))
    interrupted: str = "interrupted"
    """What Ctrl-C means right now, said when it comes."""


def add_client_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    example: str,
) -> argparse.ArgumentParser:
    """A command that talks to a server: help, an example, ``--url``, ``--token``."""
    parser = commands.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.",
        epilog=f"example: {example}",
    )
    add_server_options(parser)
    return parser


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--url`` and ``--token`` to a client command (or to ``runcast``).

    Left out, they keep what an outer parser set: ``runcast --url U run X``
    and ``runcast run X --url U`` mean the same.
    """
    group = parser.add_argument_group("server")
    group.add_argument(
        "--url",
        default=argparse.SUPPRESS,
        help="the server's base URL (default RUNCAST_URL or http://127.0.0.1:8000)",
    )
    group.add_argument(
        "--token",
        default=argparse.SUPPRESS,
        help="API token to send (default RUNCAST_TOKEN; none: send none)",
    )


def run_with_client(
    arguments: argparse.Namespace, work: Callable[[Session], Awaitable[ExitCode]]
) -> ExitCode:
    """Run ``work`` with a client of the chosen server; map failures to errors."""
    settings = ClientSettings()
    url: str = getattr(arguments, "url", None) or settings.url
    token: str | None = getattr(arguments, "token", None) or (
        settings.token.get_secret_value() if settings.token else None
    )
    try:
        client = connect(url, token)
    except ValueError as error:
        raise CommandError(f"--url: {error}", ExitCode.USAGE) from None
    # httpx logs every request at INFO: a command's output is not a server log
    logging.getLogger("httpx").setLevel(logging.WARNING)
    session = Session(client=client, url=url, has_token=token is not None)

    async def in_session() -> ExitCode:
        async with client:
            return await work(session)

    try:
        return asyncio.run(in_session())
    except KeyboardInterrupt:
        raise CommandError(session.interrupted, ExitCode.INTERRUPTED) from None
    except (
        httpx.HTTPError,
        GraphQLClientError,
        WebSocketException,
        OSError,
        pydantic.ValidationError,
    ) as error:
        raise CommandError(_describe(error, session)) from None


def _describe(error: Exception, session: Session) -> str:  # noqa: PLR0911
    """One line saying what went wrong between the command and the server."""
    url = session.url
    if _is_unauthorized(error):
        if session.has_token:
            return f"the server at {url} refused the API token (check --token)"
        return (
            f"the server at {url} needs an API token: pass --token or set RUNCAST_TOKEN"
        )
    match error:
        case httpx.TimeoutException():
            return f"the server at {url} did not answer in time"
        case httpx.ConnectError() | ConnectionRefusedError():
            return f"cannot reach the server at {url}: is `runcast serve` running?"
        case GraphQLClientHttpError():
            return f"the server at {url} answered HTTP {error.status_code}"
        case GraphQLClientGraphQLMultiError():
            reasons = "; ".join(item.message for item in error.errors)
            return f"the server at {url} refused the request: {reasons}"
        case InvalidStatus():
            status = error.response.status_code
            return f"the server at {url} refused the WebSocket: HTTP {status}"
        case ConnectionClosed():
            return f"the connection to {url} closed: {error}"
        case pydantic.ValidationError():
            return (
                f"the answer of the server at {url} does not fit this client "
                "(is it another Runcast version?)"
            )
    return f"talking to the server at {url} failed: {error}"


def _is_unauthorized(error: Exception) -> bool:
    match error:
        case GraphQLClientHttpError():
            return error.status_code == _UNAUTHORIZED
        case InvalidStatus():
            return error.response.status_code == _UNAUTHORIZED
        case ConnectionClosed():
            return error.rcvd is not None and error.rcvd.code == _WEBSOCKET_FORBIDDEN
    return False
