"""Alembic revisions, one module per schema change (a package so wheels include them)."""
