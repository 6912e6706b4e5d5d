"""Archive bombs, built by the test that needs them (no binaries in the repository).

Both are the files of issue 13 that held a worker two minutes: an XLSX of about 264 KB whose sheet
holds 30 million empty rows, and one of about 409 KB whose shared-strings part holds a 400 MB string.
Each is a real workbook made by openpyxl with one part replaced, so a reader that does not refuse it
first really parses it.
"""

import io
import zipfile
from functools import cache

from openpyxl import Workbook

_SST = "xl/sharedStrings.xml"
_SST_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_SST_REL = (
    b'<Relationship Id="rIdSST" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)


def _xlsx(big_member: str, head: bytes, unit: bytes, repeat: int, tail: bytes) -> bytes:
    book = Workbook()
    book.active.append(["Estamento", "Nombre"])
    original = io.BytesIO()
    book.save(original)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(original) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for info in source.infolist():
            if info.filename == big_member:
                continue
            data = source.read(info.filename)
            if big_member == _SST:  # declare the shared-strings part, which openpyxl leaves out
                if info.filename == "[Content_Types].xml":
                    data = data.replace(b"</Types>", _SST_TYPE + b"</Types>")
                elif info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", _SST_REL + b"</Relationships>")
            archive.writestr(info.filename, data)
        with archive.open(big_member, "w") as member:
            member.write(head)
            chunk = unit * (1 << 20)
            for _ in range(repeat >> 20):
                member.write(chunk)
            member.write(unit * (repeat % (1 << 20)))
            member.write(tail)
    return buffer.getvalue()


@cache
def empty_rows_bomb() -> bytes:
    """~264 KB: a sheet of 30,000,000 empty `<row/>` elements (180 MB of XML)."""
    return _xlsx(
        "xl/worksheets/sheet1.xml",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        b"<row/>",
        30_000_000,
        b"</sheetData></worksheet>",
    )


@cache
def shared_string_bomb() -> bytes:
    """~409 KB: one shared string of 400 MB."""
    return _xlsx(
        _SST,
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
        b"A",
        400 * 1024 * 1024,
        b"</t></si></sst>",
    )


class Inflated:
    """How many bytes were inflated from zip members while it was open: a bomb refused before it is
    parsed inflates next to nothing, one that is parsed inflates megabytes. The rule is checked by the
    work done, not by a stopwatch (a loaded machine would make a time limit fail at random)."""

    def __init__(self, monkeypatch) -> None:
        self.bytes = 0
        original = zipfile.ZipExtFile._read1

        def counting(extfile, n):
            data = original(extfile, n)
            self.bytes += len(data)
            return data

        monkeypatch.setattr(zipfile.ZipExtFile, "_read1", counting)


#: More than a real small workbook inflates, far less than either bomb would.
REFUSED_BEFORE_PARSING = 2 * 1024 * 1024
