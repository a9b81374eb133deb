"""Live reload for `journal serve`: the script it adds to the pages it serves, and the current build it tells them.

The script is served by URL (RELOAD_SCRIPT), never written into the files on disk, so that a
Content-Security-Policy without inline scripts still allows it. After each rebuild the server's
event stream (EVENTS) names the new build, and a page showing an older one reloads.
"""

from __future__ import annotations

import re
import secrets
import threading
from urllib.parse import quote

PREFIX = "/__journal__/"
RELOAD_SCRIPT = PREFIX + "reload.js"
EVENTS = PREFIX + "events"
RELOAD_JS = """\
// Added by `journal serve` to the pages it serves (never to the files on disk): reload after each rebuild.
// A browser opens at most 6 connections to a server, and an event stream keeps one: so one tab (the
// holder of a Web Lock) listens, and passes what it hears to the others over a BroadcastChannel; when
// it closes, the lock goes to another tab, which listens in its place.
(() => {
  const script = document.currentScript;
  let shown = script ? new URL(script.src).searchParams.get("build") : null;
  const heard = (kind, data) => {
    if (kind === "build") {
      if (shown === null) shown = data;
      if (data !== shown) location.reload();
    } else if (kind === "failure") {
      let box = document.getElementById("journal-build-failure");
      if (!box) {
        box = document.createElement("pre");
        box.id = "journal-build-failure";
        box.setAttribute("role", "alert");
        box.style.cssText = "position:fixed;inset:auto 0 0 0;margin:0;padding:1em;z-index:9999;" +
          "background:#7a1010;color:#fff;white-space:pre-wrap;font:14px/1.4 monospace";
        document.body.append(box);
      }
      box.textContent = "The site was not rebuilt: " + JSON.parse(data).message;
    }
  };
  const last = {};  // what the stream said last, for a tab that opens later
  const listen = (channel) => new Promise(() => {  // never settles: the lock is held until the tab goes
    const source = new EventSource("/__journal__/events");
    for (const kind of ["build", "failure"]) {
      source.addEventListener(kind, (event) => {
        last[kind] = event.data;
        if (kind === "build") delete last.failure;  // a build that worked ends the failure
        if (channel) channel.postMessage({kind, data: event.data});
        heard(kind, event.data);
      });
    }
  });
  if (!window.BroadcastChannel || !navigator.locks) {
    listen(null);  // an older browser: a stream of its own
    return;
  }
  const channel = new BroadcastChannel("journal-live-reload");
  channel.onmessage = ({data}) => {
    if (data.kind !== "hello") heard(data.kind, data.data);
    else for (const [kind, value] of Object.entries(last)) channel.postMessage({kind, data: value});
  };
  channel.postMessage({kind: "hello"});  // a rebuild this page missed, or a failure shown: said again
  navigator.locks.request("journal-live-reload", () => listen(channel));
})();
"""
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class LiveReload:
    """The current build's name, for SSE clients to wait on; bumped after every rebuild."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._token = secrets.token_hex(4)  # a new server never matches a page served by an old one
        self._generation = 0
        self._failure: str | None = None
        self.closed = False

    @property
    def build(self) -> str:
        return f"{self._token}-{self._generation}"

    def rebuilt(self) -> None:
        with self._changed:
            self._generation += 1
            self._failure = None
            self._changed.notify_all()

    def failed(self, message: str) -> None:
        with self._changed:
            self._failure = message
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait(self, seen: tuple[str, str | None], timeout: float) -> tuple[str, str | None]:
        """Block until the build or failure differs from `seen` (or timeout); return the current pair."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or (self.build, self._failure) != seen, timeout)
            return self.build, self._failure


# The pages' Content-Security-Policy allows no connections at all; the live-reload script needs one to
# this server's event stream. The first directive of a name wins, so ours goes first.
_CSP_META = re.compile(rb'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")', re.IGNORECASE)


def inject_reload(html: bytes, build: str) -> bytes:
    """The page as served: the reload script added, and the policy opened to this server's events only."""
    html = _CSP_META.sub(rb"\1connect-src 'self'; ", html, count=1)
    tag = f'<script src="{RELOAD_SCRIPT}?build={quote(build)}" defer></script>\n'.encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]
