"""Monitoring and evaluation: self-assessment against the standards, indicator returns,
their reports and charts, and the site's monitoring section.

Library code only: every function returns data or raises FrameworkError.
"""

from generator.monitoring.guard import returns_outside_synthetic

__all__ = ["returns_outside_synthetic"]
