"""The sandbox LinkedIn: an emulated Marketing API + OAuth server on loopback.

It stands in for LinkedIn in every test and in ``li-ads-tui --demo``, and follows the
contract (``linkedin-api.md``) as strictly as LinkedIn does, so a lax client fails here
before it fails in production::

    from linkedin.sandbox import Sandbox

    with Sandbox(seed=7, size="small") as sb:
        token = sb.issue_token()["access_token"]
        # point the client at sb.api_base_url / sb.oauth_base_url
        truth = list(sb.dataset.daily_rows("CAMPAIGN", account_id, start, end, sb.now()))

Modules: :mod:`~linkedin.sandbox.server` (the :class:`Sandbox`), :mod:`.dataset` (ground
truth), :mod:`.entities` and :mod:`.delivery` (synthetic data), :mod:`.analytics` and
:mod:`.demographics` (the /adAnalytics engine), :mod:`.oauth`, :mod:`.gate`,
:mod:`.protocol` (Rest.li parsing, paging), :mod:`.routes` (the resources),
:mod:`.faults`, :mod:`.throttle`, :mod:`.requestlog`, :mod:`.cli`.
"""

from linkedin.sandbox.dataset import Dataset, DatasetSpec, load_dataset
from linkedin.sandbox.entities import AccountSpec
from linkedin.sandbox.faults import FaultPlan, FaultRule, FaultSpecError
from linkedin.sandbox.requestlog import RequestRecord
from linkedin.sandbox.server import Sandbox

__all__ = [
    "AccountSpec",
    "Dataset",
    "DatasetSpec",
    "FaultPlan",
    "FaultRule",
    "FaultSpecError",
    "RequestRecord",
    "Sandbox",
    "load_dataset",
]
