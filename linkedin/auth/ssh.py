"""Is there a browser on this machine the user can see? (SSH and headless detection.)

Over SSH the browser that matters is on the user's laptop, not here; opening one here
would at best do nothing and at worst start a text browser inside the terminal. So in
an SSH session without a forwarded display the login offers the paste path first and
mentions the port-forward alternative (reliability-notes §1.4).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

_SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")
_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY")


def is_ssh_session(environ: Mapping[str, str]) -> bool:
    return any(environ.get(name) for name in _SSH_VARIABLES)


def can_open_browser(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """A local graphical browser is plausible: not over SSH without a display, and on
    Linux/BSD only with an X11 or Wayland display."""
    has_display = any(environ.get(name) for name in _DISPLAY_VARIABLES)
    if is_ssh_session(environ):
        return has_display
    if platform in ("darwin", "win32", "cygwin"):
        return True
    return has_display


def tunnel_command(port: int) -> str:
    """What to run on the laptop so its browser reaches this machine's callback port."""
    return f"ssh -L {port}:localhost:{port} <this host>"
