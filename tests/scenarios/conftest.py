"""Run the scenario files of this folder with thdx's pytest plugin.

Installed thdx registers the plugin through its ``pytest11`` entry point; this hook
makes the folder run also from a source checkout. The plugin collects each file once,
however many times it is loaded.
"""

from thdx.scenarios._pytest import pytest_collect_file

__all__ = ["pytest_collect_file"]
