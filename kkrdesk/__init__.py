"""KKR Desk: sager, tovholdere, organer og budgetberegnere for et KKR-sekretariat."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kkrdesk")
except PackageNotFoundError:  # frozen or run from a bare checkout
    from kkrdesk._version import VERSION as __version__  # noqa: F401
