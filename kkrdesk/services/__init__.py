"""Every user action is one function here; the GUI and the CLI are two faces on these services."""
