"""xcplan: plan cross-channel marketing campaigns as files that live in git."""

__version__ = "0.1.0"
