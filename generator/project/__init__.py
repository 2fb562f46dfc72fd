"""Whole-repository operations that combine every stage below: the full check of the draft, its
releases and its inputs (`check`), cutting a release after that check (`cut`), and scaffolding a new
item (`scaffold`). Only the commands import this package."""
