"""The full-screen app (Textual): presentation only, on top of ``sync`` and ``report``.

``app.py`` holds :class:`~tui.app.LiAdsApp` (screens as modes, global keys, shared
state) and :func:`~tui.app.run_app`; ``screens/`` one module and one stylesheet per
screen; ``widgets/`` the reusable pieces (header, tables, dialogs, progress, texts);
``messages.py`` what workers and screens tell the app; ``commands.py`` the palette.
Nothing here talks to LinkedIn or the database directly except through ``sync``,
``report``, ``persistence`` and the ``Environment``; the headless ``--sync`` never
imports this package.
"""
