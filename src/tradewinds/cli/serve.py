"""`tradewinds serve`: the dashboard on loopback."""

from __future__ import annotations

from typing import Any

import typer

from tradewinds.cli._common import handle_errors
from tradewinds.cli.output import err


def register(root: typer.Typer) -> None:
    @root.command()
    @handle_errors
    def serve(
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to bind (loopback by default; 0.0.0.0 exposes it)."
        ),
        port: int = typer.Option(8050, "--port", min=1, max=65535, help="TCP port."),
    ) -> None:
        """Start the web dashboard (Relationship, Tariffs, Scenario, Compare)."""
        try:
            import uvicorn

            from tradewinds.dashboard.app import app
        except ImportError as e:
            from tradewinds.errors import MissingDependencyError

            raise MissingDependencyError(str(e.name), "dashboard", "The dashboard") from None
        sock = _bind(host, port)
        if host not in {"127.0.0.1", "localhost", "::1"}:
            err.print(f"[yellow]warning:[/] binding {host}: the dashboard has no login")
        err.print(f"tradewinds dashboard on http://{host}:{port}  (Ctrl-C stops it)")
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        server.run(sockets=[sock])


def _bind(host: str, port: int) -> Any:
    """The listening socket, bound as uvicorn binds it (SO_REUSEADDR: connections of a
    server just stopped, in TIME-WAIT, do not block it); a real conflict (another
    program listening, an address not of this machine) is a typed error."""
    import socket

    from tradewinds.errors import PortInUseError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise PortInUseError(host, port, f"unknown host: {e.strerror or e}") from None
    family = infos[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(infos[0][4])
        sock.listen(2048)
    except OSError as e:
        sock.close()
        raise PortInUseError(host, port, e.strerror or str(e)) from None
    sock.set_inheritable(True)
    return sock
