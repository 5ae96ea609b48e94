# Fallback when package metadata is missing (a frozen program); build_installer.py keeps it equal to pyproject.
VERSION = "0.1.0"
