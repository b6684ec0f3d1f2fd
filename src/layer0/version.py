"""The version of layer0 (the package metadata reads it from here)."""

__version__ = "0.4.0"
