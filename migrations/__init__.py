"""Alembic migrations of the li-ads-tui schema.

A package so that it is installed with the app: ``persistence.migrate`` finds
``env.py`` and ``versions/`` next to this file and upgrades databases on start.
"""
