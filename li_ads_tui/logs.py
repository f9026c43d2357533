"""The app's log file in the data dir, with every record redacted before it is written.

A log file outlives the session and is what users attach to bug reports, so it is the
likeliest place for a token to leak. The handler carries
:class:`linkedin.redaction.RedactingFilter`, which masks registered secrets and
secret-looking patterns in the message *and* in the formatted traceback. The file is
created 0600 because log lines name ad accounts and campaigns; it is rotated so a
years-long cron setup cannot fill the disk.
"""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from linkedin.redaction import RedactingFilter

LOG_FILE_NAME = "li-ads-tui.log"
_MAX_BYTES = 2 * 1024 * 1024
_BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _AppLogHandler(RotatingFileHandler):
    """Opens every log file (rotated ones too) 0600; also marks the handler as ours."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_file_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """Log records of `level` and above, from every logger, to ``<data_dir>/li-ads-tui.log``.

    Idempotent: calling it again (say, the TUI after the CLI) keeps one handler, moved
    to the new path if the data dir changed. Returns the log file's path.
    """
    path = data_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, _AppLogHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            root.removeHandler(handler)
            handler.close()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    handler = _AppLogHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    # httpx logs every request at INFO; our client logs what matters (retries, failures).
    for chatty in ("httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    return path
