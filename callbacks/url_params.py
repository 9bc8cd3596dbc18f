"""Reading query parameters, as Dash pages passes them to a layout or a callback receives them.

The readers live in ``dashboard.filters`` (the one filter vocabulary); they are named here for the
page-specific parameters (the map's drill, the tables' place and search, the wall's playlist).
A parameter may arrive as a string, or as a list when the URL repeats it (the last one counts, as
in a browser's form submission); anything that does not parse reads as missing, so a hand-edited
link shows the default view instead of an error.
"""

from __future__ import annotations

from dashboard.filters import as_int, codes, last

__all__ = ["as_int", "codes", "last"]
