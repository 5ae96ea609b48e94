"""The Qt face of KKR Desk: the only package that imports PySide6."""
