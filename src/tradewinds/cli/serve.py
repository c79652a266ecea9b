"""`tradewinds serve`: the dashboard on loopback."""

from __future__ import annotations

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
        _check_free(host, port)
        if host not in {"127.0.0.1", "localhost", "::1"}:
            err.print(f"[yellow]warning:[/] binding {host}: the dashboard has no login")
        err.print(f"tradewinds dashboard on http://{host}:{port}  (Ctrl-C stops it)")
        uvicorn.run(app, host=host, port=port, log_level="warning")


def _check_free(host: str, port: int) -> None:
    """Refuse early, with a typed error, when the address is taken or not ours."""
    import socket

    from tradewinds.errors import PortInUseError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        try:
            s.bind((host, port))
        except OSError as e:
            raise PortInUseError(host, port, e.strerror or str(e)) from None
