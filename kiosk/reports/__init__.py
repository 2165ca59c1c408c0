"""Reports for MPP managers: IKM per agency and service, face votes and demand per hour.

    data    build the report data from the store (pure; no formatting)
    suggestions  the SKM's suggestions and complaints for follow-up (NIKs masked), handled marks
    tables  aligned text for a terminal, and CSV
    xlsx    a workbook with a sheet per part (openpyxl, imported only when used)
    charts  PNG charts for print (matplotlib with the Agg backend, imported only when used)

The command line is kiosk.cli.report (`kiosk report …`).
"""

from .data import (
    AGENCY, SERVICE, TOTAL, DemandReport, DemandRow, IkmReport, IkmRow, Period, ReportError,
    VoteRow, VotesReport, agency_name, demand_report, ikm_report, service_name,
    skm_accumulators, ticket_counts, votes_report,
)
from .suggestions import (
    SUGGESTIONS_CSV_COLUMNS, SuggestionRow, SuggestionsReport, mark_handled, mask_niks,
    suggestions_csv, suggestions_report, suggestions_table,
)
from .tables import (
    IKM_CSV_COLUMNS, VOTES_CSV_COLUMNS, demand_csv, demand_table, ikm_csv, ikm_table,
    votes_csv, votes_table,
)

__all__ = [
    "AGENCY", "SERVICE", "TOTAL", "DemandReport", "DemandRow", "IkmReport", "IkmRow", "Period",
    "ReportError", "VoteRow", "VotesReport", "agency_name", "demand_report", "ikm_report",
    "service_name", "skm_accumulators", "ticket_counts", "votes_report",
    "IKM_CSV_COLUMNS", "VOTES_CSV_COLUMNS", "demand_csv", "demand_table", "ikm_csv",
    "ikm_table", "votes_csv", "votes_table",
    "SUGGESTIONS_CSV_COLUMNS", "SuggestionRow", "SuggestionsReport", "mark_handled", "mask_niks",
    "suggestions_csv", "suggestions_report", "suggestions_table",
]
