# Written by build_installer.py from pyproject.toml; tests/test_cli.py keeps the two equal.
VERSION = "0.1.0"
