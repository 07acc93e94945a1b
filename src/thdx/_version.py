"""The version of thdx (one place: the package top and the command line read it)."""

__version__ = "0.1.0.dev0"
