"""The showcase cases: their constants and nothing generic (generic code takes these as
arguments)."""
