"""KKR Desk: sager, tovholdere, organer og budgetberegnere for et KKR-sekretariat."""

# Read from a plain module rather than importlib.metadata (40 ms at every start); a test keeps it equal to
# pyproject.toml's version and build_installer.py writes it for the frozen program.
from kkrdesk._version import VERSION as __version__  # noqa: F401
