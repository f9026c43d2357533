"""Charts for the report screen, drawn with textual-plotext.

``base`` has the ``Chart`` widget (a stored pure draw function re-run on every
render), its style (sizes and theme colours) and the wide-character fix; ``text``
fits labels to terminal cells and picks round ticks; ``bars`` draws labelled
horizontal bars (``BarChart``); ``trend`` the two-axis daily trend; ``report_charts``
turns each ``report`` result into one of those.
"""
