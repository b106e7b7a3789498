"""Which requests are addressed to `readinglist serve` itself: the Host and Origin checks
that keep a web page elsewhere (DNS rebinding, cross-site forms) from its pages and its editor.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def host_allowed(value: str, bound: str, port: int) -> bool:
    """Whether a request's Host (or an Origin's host:port) names this server, bound to
    address `bound` on `port`, as webpack-dev-server and Vite decide: its own address; on
    loopback also localhost, *.localhost, 127.0.0.1 and [::1]; bound to every address
    (0.0.0.0 or ::) also any IP address and this machine's name. Never another domain name: a
    web page that points one at this machine (DNS rebinding) gets no answer."""
    if not value or any(c in value for c in "@/\\?# \t"):
        return False
    try:
        split = urlsplit(f"//{value}")
        name, given = split.hostname, split.port or 80
    except ValueError:
        return False
    if not name or given != port:
        return False
    bound = bound.strip("[]").lower()
    if name == bound:
        return True
    everywhere = bound in ("", "0.0.0.0", "::")
    if (everywhere or is_loopback(bound)) and (
        name in ("localhost", "127.0.0.1", "::1") or name.endswith(".localhost")
    ):
        return True
    if everywhere:
        machine = socket.gethostname().lower()
        return _address(name) or name in (machine, f"{machine}.local")
    return False


def _address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(name: str) -> bool:
    """Whether an address (or `localhost`) reaches this machine only."""
    return name == "localhost" or (_address(name) and ipaddress.ip_address(name).is_loopback)


def editor_on(host: str, edit: bool | None) -> bool:
    """Whether serve runs the editor: as asked (--edit, --no-edit), else only on a loopback
    address, where no other machine can reach it."""
    return is_loopback(host.strip("[]").lower()) if edit is None else edit


def origin_allowed(origin: str, bound: str, port: int) -> bool:
    """Whether an Origin (a websocket's, a form's) is a page of this server (see host_allowed)."""
    split = urlsplit(origin)
    return split.scheme == "http" and host_allowed(split.netloc, bound, port)
