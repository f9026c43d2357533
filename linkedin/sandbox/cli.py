"""``li-ads-sandbox``: run the sandbox LinkedIn in the foreground until Ctrl+C.

It prints what a client needs, as ``KEY=value`` lines that also work as a ``.env`` file:
the API and OAuth base URLs, the sandbox app's client id and secret, its redirect URI and
a ready access token (scopes ``r_ads r_ads_reporting``). These are sandbox credentials:
they open nothing but this process.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from types import FrameType

from linkedin.sandbox.faults import FaultPlan, FaultSpecError
from linkedin.sandbox.server import Sandbox

_FAULTS_HELP = """\
fault spec: comma-separated rules KIND[=DURATION][:OPTION...]
  kinds:   429 500 502 503 504 (error responses), html (text/html 502 from a proxy),
           malformed (invalid JSON), truncate (body cut short), drop (no response),
           expire (token expires now, 401), quota (429 until 00:00 UTC), slow=2000ms
  options: p=0.05 (probability), every=N, burst=N (next N), after=N (after N; quota: per
           day), times=N (at most N), path=/rest/adAnalytics (default /rest/),
           retry-after=S (429 only)
  example: 429:burst=3,500:p=0.05,truncate:every=20,html:p=0.02,slow=2000ms:p=0.1,quota:after=500
"""


def _fault_spec(text: str) -> FaultPlan:
    try:
        return FaultPlan.parse(text)
    except FaultSpecError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="li-ads-sandbox",
        description="An emulated LinkedIn Marketing API + OAuth server on 127.0.0.1 with "
        "deterministic synthetic ad data.",
        epilog=_FAULTS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: any free port)"
    )
    parser.add_argument("--seed", type=int, default=7, help="data seed (default 7)")
    parser.add_argument(
        "--size", choices=("small", "medium", "large"), default="small", help="dataset size"
    )
    parser.add_argument(
        "--latency-ms", type=int, default=0, metavar="N", help="added delay per request"
    )
    parser.add_argument(
        "--freeze-clock",
        action="store_true",
        help="stop the sandbox clock at start (deterministic answers for benchmarks)",
    )
    parser.add_argument(
        "--cache-responses",
        action="store_true",
        help="with --freeze-clock: serve repeated analytics queries from memory, so a "
        "benchmark measures the client rather than this emulator's CPU",
    )
    parser.add_argument(
        "--faults",
        metavar="SPEC",
        type=_fault_spec,
        help="inject faults (grammar below)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.cache_responses and not args.freeze_clock:
        parser.error("--cache-responses needs --freeze-clock (answers change as time passes)")
    frozen = datetime.now(UTC)
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    faults = FaultPlan(args.faults.rules, seed=args.seed) if args.faults else None
    sandbox = Sandbox(
        seed=args.seed,
        size=args.size,
        latency_ms=args.latency_ms,
        faults=faults,
        port=args.port,
        clock=(lambda: frozen) if args.freeze_clock else None,
        cache_responses=args.cache_responses,
    )
    try:
        sandbox.start()
    except OSError as error:
        print(
            f"li-ads-sandbox: cannot listen on port {args.port}: {error.strerror}", file=sys.stderr
        )
        return 1
    token = sandbox.issue_token()["access_token"]
    lines = [
        f"# li-ads-sandbox: seed {args.seed}, size {args.size}; Ctrl+C to stop",
        f"LINKEDIN_API_BASE_URL={sandbox.api_base_url}",
        f"LINKEDIN_OAUTH_BASE_URL={sandbox.oauth_base_url}",
        f"LINKEDIN_CLIENT_ID={sandbox.client_id}",
        f"LINKEDIN_CLIENT_SECRET={sandbox.client_secret}",
        f"LINKEDIN_REDIRECT_URI={sandbox.redirect_uris[0]}",
        f"LINKEDIN_ACCESS_TOKEN={token}",
    ]
    if faults is not None:
        lines.insert(1, f"# faults: {faults}")
    print("\n".join(lines), flush=True)
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    print("# li-ads-sandbox: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
