"""Reference data and Danish conventions: municipalities, regions, name resolution, numbers and dates."""

from kkrdesk.reference.danish import (
    MONTHS,
    danish_sorted,
    format_amount,
    format_date,
    format_number,
    format_percent,
    normalise_text,
    parse_date,
    parse_number,
    sort_key,
)
from kkrdesk.reference.municipalities import (
    Municipality,
    PopulationFigure,
    Region,
    is_known,
    lookup,
    municipalities,
    municipalities_in_region,
    population,
    regions,
    resolve,
)

__all__ = [
    "MONTHS",
    "Municipality",
    "PopulationFigure",
    "Region",
    "danish_sorted",
    "format_amount",
    "format_date",
    "format_number",
    "format_percent",
    "is_known",
    "lookup",
    "municipalities",
    "municipalities_in_region",
    "normalise_text",
    "parse_date",
    "parse_number",
    "population",
    "regions",
    "resolve",
    "sort_key",
]
