"""The numbers behind the report and status screens: pure, UI-free reads.

Every function takes a SQLAlchemy ``Connection`` or ``Engine`` (SQLite or PostgreSQL),
aggregates in the database (GROUP BY, never a Python loop over daily rows) and returns
small frozen dataclasses with raw values (exact ints and Decimals) and, where the
screen needs text, the formatted strings. Nothing here prints or imports the UI, so
the headless path can share it. Each result has ``is_empty`` and never raises on an
empty database or an empty range.

Modules, by what they hold:

* ``metrics`` — the metric definitions (CTR, CPC, CPM, CPL, CPA, rates) and ``Totals``
* ``formatting`` — money with its currency, counts, percentages, compact chart labels
* ``filters`` — ``ReportFilter`` and the date presets (relative to an injected today)
* ``scope`` — the currency rule (``MoneyBasis``: local currency or LinkedIn's USD)
* ``kpis`` (charts 1, 5), ``trend`` (2), ``comparison`` (3), ``spend_share`` (4),
  ``budget`` (6), ``engagement`` (7), ``creatives`` (8), ``demographics`` (9)
* ``campaign_table`` — the sortable per-campaign table
* ``bundle`` — ``build_report``: all of the above, sharing their common queries
* ``audit`` — the settings audit of active campaigns (status screen)
* ``coverage`` — date coverage of the daily tables per account (status screen)
* ``campaigns``, ``sql`` — internal building blocks (per-campaign sums, shared SQL)
"""
