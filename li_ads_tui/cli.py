"""The `li-ads-tui` command: the full-screen app, or a headless command for scripts.

``--sync``, ``--status`` and ``--auth`` never import Textual (a cron job on a box
without a terminal must not depend on it); only the default, interactive mode does.
Every failure ends in one clear line on stderr and an exit code from
:mod:`li_ads_tui.exit_codes`; the traceback, if any, goes to the log file, redacted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from li_ads_tui import __version__, exit_codes
from li_ads_tui.settings import Settings, SettingsError, load_settings

log = logging.getLogger(__name__)

DESCRIPTION = """LinkedIn Ads in your terminal: sync ad accounts, campaigns, creatives, daily
analytics and audience demographics into a local database; see status, audit findings
and nine charts. Without a mode flag, the full-screen app starts."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="li-ads-tui",
        description=DESCRIPTION,
        epilog=exit_codes.HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in sandbox LinkedIn with synthetic data (no account needed; "
        "its own data dir)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--sync", action="store_true", help="sync headless (for cron and scripts); never prompts"
    )
    mode.add_argument(
        "--status", action="store_true", help="print token health, last syncs and row counts"
    )
    mode.add_argument(
        "--auth", action="store_true", help="connect a LinkedIn account from this terminal"
    )
    parser.add_argument(
        "--force", action="store_true", help="with --sync: sync even if the data is fresh"
    )
    parser.add_argument(
        "--account",
        metavar="ID",
        type=_account_id,
        nargs="+",
        action="extend",
        help="with --sync: only these ad account ids",
    )
    parser.add_argument(
        "--json", action="store_true", help="with --sync or --status: machine-readable stdout"
    )
    parser.add_argument("--version", action="version", version=f"li-ads-tui {__version__}")
    return parser


def _account_id(text: str) -> int:
    value = text.removeprefix("urn:li:sponsoredAccount:")
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"not an ad account id: {text!r}")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.sync and (args.force or args.account):
        parser.error("--force and --account go with --sync")
    if args.json and not (args.sync or args.status):
        parser.error("--json goes with --sync or --status")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"li-ads-tui: {exc}", file=sys.stderr)
        return exit_codes.CONFIG
    return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here so `--help` and settings errors stay instant.
    from li_ads_tui.environment import Environment
    from li_ads_tui.logs import setup_file_logging
    from linkedin.redaction import redact

    setup_file_logging(settings.data_dir)
    environment = None
    try:
        environment = Environment.demo(settings) if args.demo else Environment(settings)
        if args.demo:
            setup_file_logging(environment.data_dir)
        if args.sync:
            from li_ads_tui.sync_command import run_sync_command

            return run_sync_command(
                environment, force=args.force, account_ids=args.account, as_json=args.json
            )
        if args.status:
            from li_ads_tui.status_command import run_status_command

            return run_status_command(environment, as_json=args.json)
        if args.auth:
            from li_ads_tui.auth_cli import run_auth

            return run_auth(environment.settings, demo_sandbox=environment.sandbox)
        from tui.app import run_app

        return run_app(environment)
    except KeyboardInterrupt:
        print("\nli-ads-tui: interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except Exception as exc:  # the last line of defence: one clear line, no traceback
        log.exception("unexpected error")
        print(
            f"li-ads-tui: unexpected error: {redact(str(exc)) or type(exc).__name__} "
            f"(details in {settings.data_dir / 'li-ads-tui.log'})",
            file=sys.stderr,
        )
        return exit_codes.FAILED
    finally:
        if environment is not None:
            environment.close()


if __name__ == "__main__":
    sys.exit(main())
