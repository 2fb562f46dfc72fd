"""The NHS Communications AI Operating Framework, kept as policy as code."""

__version__ = "0.1.0"
