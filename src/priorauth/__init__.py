"""priorauth: prior-authorization decisions for advanced imaging, from coverage policies kept as data."""

__version__ = "0.1.0"

__all__ = ["__version__"]
