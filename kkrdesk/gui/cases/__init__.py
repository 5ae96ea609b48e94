"""The parts of the Sager tab: agenda tree, item editor, bilag panel with preview, dialogs, print preview."""
