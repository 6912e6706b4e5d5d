"""Text that a spreadsheet would run as a formula (OWASP "CSV Injection"), for the export tests."""

HOSTILE = ['=HYPERLINK("https://example.org/robar","ver")', "+1", "-1+2", "@SUM(A1:A2)", "\t=1", "\r=1"]


def neutralised(value: str) -> str:
    return "'" + value


def neutralised_in_xlsx(value: str) -> str:
    """As read back from an XLSX. openpyxl writes through lxml (a requirement since the archive's
    fetcher), which keeps a carriage return as `&#13;`: the text comes back as it went out."""
    return neutralised(value)
