"""Everything that touches the database: tables, engine, migrations on start, upserts
and the read queries the screens need. Nothing here imports `linkedin` or above.

``db.open_database`` opens (and migrates) a database; ``repository`` gathers the
operations on it (upserts, sync runs and state, the sync lock, status queries);
``errors`` holds the exceptions a user may see; ``tables`` is the public schema.
"""
