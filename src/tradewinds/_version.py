"""The package's version (a leaf module every layer may import).

The one place the version is written: hatchling reads it from here at build time
(``[tool.hatch.version]`` in pyproject.toml), so asking the installed metadata at run
time (``importlib.metadata``, ~60 ms of import on every command) is never needed."""

__version__ = "0.1.0"
