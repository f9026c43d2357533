"""A separate process that asks the stored-token provider for a token (concurrency test).

Started twice by ``test_auth_refresh.py`` on one data dir. It waits for a "go" file so
both ask at the same moment, then prints a hash of the token it got (never the token).
Configuration comes from the environment, as the app's does, not from argv.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
from pathlib import Path

from linkedin.auth import OAuthApp, StoredTokenProvider, TokenStore


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    go = Path(os.environ["WORKER_GO_FILE"])
    app = OAuthApp(
        client_id=os.environ["LINKEDIN_CLIENT_ID"],
        client_secret=os.environ["LINKEDIN_CLIENT_SECRET"],
        redirect_uri="http://localhost:8765/callback",
        scopes=("r_ads", "r_ads_reporting"),
        oauth_base_url=os.environ["LINKEDIN_OAUTH_BASE_URL"],
    )
    provider = StoredTokenProvider(TokenStore(Path(os.environ["LI_ADS_DATA_DIR"])), app)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.002)
    token = asyncio.run(provider.access_token())
    print(hashlib.sha256(token.encode()).hexdigest(), flush=True)


if __name__ == "__main__":
    main()
