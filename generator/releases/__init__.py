"""Frozen releases: the canonical bundle, the index and its hash chain (`bundle`), verification of
the history (`verify`, `identity`, `history`), and the semantic diff between two versions with its
change-log formats (`diff`, `changelog`). Imports `core`, `content`, `text` and `checking`."""
