"""Checking the draft: consistency rules across items (`consistency`), the hand-written inputs the
site publishes (`published`), the catalogue of rule codes and the content schemas, and problems
printed as text, GitHub annotations or JSON (`problem_formats`). Imports `core`, `content` and
`text` only."""
