"""The `evw serve` command: run the PostgreSQL endpoint over the published warehouse snapshot.

Thin: reads `[serve]` from the config, applies options and EVW_SERVE_PASSWORD, runs the server
until interrupted. Registered in `warehouse/cli.py`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path
from typing import Annotated

import typer


def serve_command(
    warehouse: Annotated[Path | None, typer.Option(help="Warehouse file; its published snapshot is served.")] = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default 5433).")] = None,
    user: Annotated[str | None, typer.Option(help=(
        "Serve this user with the password in $EVW_SERVE_PASSWORD (in addition to [serve.users])."))] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    make_verifier: Annotated[bool, typer.Option(
        "--make-verifier", help="Print a SCRAM-SHA-256 verifier for $EVW_SERVE_PASSWORD (for [serve.users]) and exit.")
    ] = False,
) -> None:
    """Serve the warehouse snapshot over the PostgreSQL wire protocol (for BI tools and psql)."""
    from warehouse.cli import console, fail, settings
    from warehouse.serve import settings as serve_settings
    from warehouse.serve.server import PgServer
    from warehouse.snapshot import snapshot_path

    password = os.environ.get("EVW_SERVE_PASSWORD")
    if make_verifier:
        if not password:
            fail("set EVW_SERVE_PASSWORD to the password to hash")
            return
        console.print(serve_settings.make_verifier(password), highlight=False, soft_wrap=True)
        return
    cfg = settings(config, warehouse=warehouse)
    snap = snapshot_path(cfg.warehouse, cfg)
    opts = serve_settings.from_config(cfg, snap).with_overrides(host=host, port=port)
    if user is not None:
        if not password:
            fail(f"--user {user} needs its password in the environment variable EVW_SERVE_PASSWORD")
            return
        opts = opts.with_overrides(users={**opts.users, user: password})
    if not opts.users and not opts.trust:
        fail("no users configured: add [serve.users] to evw.toml or pass --user NAME with EVW_SERVE_PASSWORD "
             "(trust mode only with `trust = true` in [serve])")
        return
    if not snap.exists():
        fail(f"snapshot {snap} not found: load the warehouse first (it publishes the snapshot)")
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    server = PgServer(opts)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            port_bound = await server.start()
            console.print(f"evw serve: postgresql://{opts.host}:{port_bound}/ over {snap} "
                          f"({len(opts.users)} user(s){', TLS' if server.ssl_context else ''}); Ctrl-C stops")
            await stop.wait()
        finally:
            await server.stop()
        console.print("stopped")

    asyncio.run(main())
