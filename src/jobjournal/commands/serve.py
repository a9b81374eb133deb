"""`journal serve`: build, watch, and serve the site on 127.0.0.1 with live reload."""

from __future__ import annotations

import threading
from pathlib import Path

import click

from jobjournal.cli import find_journal, shown_path, site_option, today_option
from jobjournal.commands.output import echo


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@site_option()
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1; when it is taken, the next free one is used. 0: any free port.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in your web browser.")
@today_option("Build as if today were this date.", "today, following the clock")
@click.option(
    "--debounce",
    type=click.IntRange(0, 10_000),
    default=40,
    show_default=True,
    metavar="MS",
    help="Wait this long after the last change of a burst before rebuilding.",
)
def serve(
    path: Path | None, output: Path | None, port: int, open_browser: bool, today: str | None, debounce: int
) -> None:
    """Build the journal at PATH, serve it at http://127.0.0.1:PORT/ and rebuild on every save.

    Open pages reload by themselves after each rebuild; problems in your files
    show in a banner on every page until you fix them. After 30 s of quiet it
    also rebuilds for a change no save reported, such as a git commit. The
    server answers only on this computer (127.0.0.1). Ctrl-C stops it.

    \b
    Example:
      journal serve
      journal serve ~/job-search --port 8080 --open
    """
    from jobjournal.commands.watching import UntilInterrupted, make_watcher
    from jobjournal.live.reload import LiveReload
    from jobjournal.live.serve import PortError, open_server, start_server, stop_server

    root = find_journal(path)
    live = LiveReload()
    with UntilInterrupted() as running:
        watcher = make_watcher(
            root, output, today, debounce, on_rebuild=lambda result: live.rebuilt(), on_failure=live.failed
        )
        running.cleanups.append(watcher.close)
        try:
            server = open_server(watcher.output, live, port)
        except PortError as exc:
            raise click.ClickException(str(exc)) from None
        start_server(server)
        running.cleanups.append(lambda: stop_server(server))
        chosen = server.server_address[1]
        if port and chosen != port:
            echo(f"Port {port} is in use; using port {chosen} instead.")
        echo(f"Serving {server.url} with live reload, watching {shown_path(root.resolve())}; Ctrl-C stops.")
        if open_browser:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        watcher.run()
