"""Everything that touches the database: tables, engine, migrations on start, upserts
and the read queries the screens need. Nothing here imports `linkedin` or above."""
