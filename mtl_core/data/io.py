"""Read a class table (one row per student) from CSV, Excel or Parquet.

:func:`load_table` accepts a path, raw bytes or an uploaded file (anything with
``.read()``, such as Streamlit's ``UploadedFile``) and returns a
:class:`LoadedTable`: the DataFrame plus what was detected (format, encoding,
separator, decimal mark, sheet) and a problem table of the things the reader
changed (renamed duplicate columns, dropped empty rows and columns).

Every file that cannot be read raises :class:`~mtl_core.errors.DataReadError`
with a message that names the file, the problem and the fix; the exception of
the underlying library (pandas, openpyxl, pyarrow, codecs) is kept as
``__cause__``. Nothing in a file is executed: Excel formulas are not
evaluated (the values Excel saved with them are read), and Parquet is read
with pyarrow, never with pickle.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataReadError, problem_table
from . import lms
from .schema import looks_like_id

FORMATS_BY_EXTENSION = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""File extensions EduMTL reads, and the reader used for each."""

EXTRA_MISSING_VALUES = ("-", "缺失")
"""Cells that are exactly one of these count as missing, on top of pandas' defaults."""

SOURCE_ROWS = "source_rows"
"""Key of ``frame.attrs`` that holds the spreadsheet row of every student row, set when it is not
simply position + 2 (empty lines above the header, or empty rows among the students, were removed).
Read it with :func:`source_rows`."""

UNKNOWN_NAME = "<table>"
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 64_000  # enough text to sniff the separator and decimal mark
_SCORE_CHARS = 200_000  # enough text to tell Chinese from Western encodings
_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks
_NOT_TABLE_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
}
_LATIN_PUNCTUATION = set("€£°ºª§–—‘’“”…«»·¿¡´\u00a0")
_CJK_PUNCTUATION = set("·—…“”‘’×÷°")
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
_DECIMAL_POINT = re.compile(r"^\s*[-+]?\d*\.\d+\s*$")
_EXPORT_FIX = "Export the class list again from your spreadsheet as CSV (UTF-8) or Excel (.xlsx)."


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames field by field is ambiguous
class LoadedTable:
    """A table read from a file, with what the reader detected and changed.

    Attributes:
        frame: the table; column names are strings without surrounding spaces.
        source_name: the file name ("class.csv"), or ``"<table>"`` when unknown.
        file_format: ``"csv"``, ``"excel"`` or ``"parquet"``.
        encoding: the text encoding of a CSV file (``"utf-8"``, ``"gb18030"``...).
        delimiter: the separator of a CSV file (``","``, ``";"``, ``"\\t"``, ``"|"``).
        decimal: the decimal mark of a CSV file (``"."`` or ``","``).
        sheet: the Excel sheet that was read.
        sheet_names: every sheet of an Excel workbook, ``()`` for other formats.
        notes: a problem table (severity ``"warning"``) of what the reader changed.
        lms: the learning-management system whose gradebook export this is (``"Moodle"``,
            ``"Canvas"``), or ``None`` (see :mod:`mtl_core.data.lms`).
    """

    frame: pd.DataFrame
    source_name: str
    file_format: str
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    sheet_names: tuple[str, ...] = ()
    notes: pd.DataFrame = field(default_factory=problem_table)
    lms: str | None = None


# --------------------------------------------------------------------------- public API


def load_table(
    source: Any,
    *,
    name: str | None = None,
    sheet: str | int | None = None,
    max_bytes: int | None = None,
) -> LoadedTable:
    """Read a class table from a CSV, Excel (.xlsx/.xlsm) or Parquet file.

    The format comes from the file extension; without a file name it is
    recognised from the content. For CSV the encoding (UTF-8, UTF-8 with BOM,
    UTF-16, UTF-32, GB18030/GBK, Windows-1252/Latin-1, Windows-1251/KOI8-R), the separator (``,`` ``;`` tab
    ``|``) and the decimal mark (``12,5`` in ``;``- or tab-separated files)
    are detected. Missing values are pandas' defaults ("", "NA", "N/A",
    "null", "nan", "None", "#N/A"...) plus "-" and "缺失"; note that a student
    really called "None" or "NA" is read as missing too.

    Args:
        source: a path (``str`` or ``pathlib.Path``), ``bytes``, or a binary
            file-like object with ``.read()`` (and optionally ``.name`` and
            ``.getvalue()``, like Streamlit's ``UploadedFile``).
        name: the file name to use for the format and in messages. Defaults to
            the path's or the upload's name, else ``"<table>"``.
        sheet: Excel only: a sheet name or a 0-based index. Defaults to
            ``None``: the first sheet that has data.
        max_bytes: refuse files larger than this. Defaults to ``None`` (no limit).

    Returns:
        A :class:`LoadedTable`.

    Raises:
        DataReadError: the file cannot be read as a table; the message says why
            and what to do.

    Example:
        >>> table = load_table(b"name;grade\\nAna;12,5\\n", name="class.csv")
        >>> table.frame["grade"].tolist(), table.delimiter, table.decimal
        ([12.5], ';', ',')
    """
    data, source_name = _read_source(source, name, max_bytes)
    file_format = _detect_format(data, source_name)
    if file_format == "excel":
        return _load_excel(data, source_name, sheet)
    if file_format == "parquet":
        return _load_parquet(data, source_name)
    return _load_csv(data, source_name)


def read_table(source: Any, **kwargs: Any) -> pd.DataFrame:
    """Read a class table and return only the DataFrame.

    Args:
        source: as for :func:`load_table`.
        **kwargs: ``name``, ``sheet`` and ``max_bytes``, as for :func:`load_table`.

    Example:
        >>> read_table(b"name,grade\\nAna,12\\n").shape
        (1, 2)
    """
    return load_table(source, **kwargs).frame


def source_rows(frame: pd.DataFrame) -> np.ndarray:
    """The spreadsheet row number of every row of ``frame``, as the teacher sees it in the file.

    A table from :func:`load_table` remembers where its rows came from (in ``frame.attrs``), so a
    row number stays right when empty lines were removed. Any other table, or one whose length
    changed since it was read (rows filtered or added), counts the header as row 1 and the first
    student as row 2.

    Example:
        >>> source_rows(load_table(b"\\nname,grade\\nAna,12\\n,\\nBo,9\\n").frame).tolist()
        [3, 5]
    """
    n = len(frame)
    positions = np.arange(n)
    saved = frame.attrs.get(SOURCE_ROWS)
    try:
        length, steps = saved
        starts = np.array([start for start, _ in steps], dtype=int)
        offsets = np.array([row - start for start, row in steps], dtype=int)
    except (TypeError, ValueError):  # absent, or not what _row_steps writes
        return positions + 2
    if length != n or not len(starts) or starts[0] != 0:
        return positions + 2
    return positions + offsets[np.searchsorted(starts, positions, side="right") - 1]


def _row_steps(rows: np.ndarray) -> tuple[int, tuple[tuple[int, int], ...]]:
    """``rows`` (spreadsheet row of each position) compressed to (length, ((position, row), ...)): one pair
    wherever the gap changes. Small and immutable, so pandas copies and compares it cheaply in ``attrs``."""
    gaps = rows - np.arange(len(rows))
    changes = np.flatnonzero(np.diff(gaps, prepend=gaps[0] - 1) != 0)
    return len(rows), tuple((int(p), int(rows[p])) for p in changes)


def describe_format(table: LoadedTable) -> str:
    """Describe how a table was read, in one plain-English line.

    Args:
        table: a :class:`LoadedTable` returned by :func:`load_table`.

    Example:
        >>> describe_format(load_table(b"a;b\\n1,5;2\\n", name="x.csv"))
        'CSV, semicolon-separated, UTF-8 encoding, decimal comma'
    """
    lms_words = f"; a {table.lms} gradebook export" if table.lms else ""
    if table.file_format == "excel":
        count = len(table.sheet_names)
        return f"Excel workbook, sheet '{table.sheet}' ({count} sheet{'s' if count != 1 else ''} in all){lms_words}"
    if table.file_format == "parquet":
        return "Parquet file" + lms_words
    parts = ["CSV", _DELIMITER_WORDS.get(table.delimiter or ",", "comma-separated")]
    parts.append(_ENCODING_WORDS.get(table.encoding or "", f"{table.encoding} encoding"))
    if table.decimal == ",":
        parts.append("decimal comma")
    return ", ".join(parts) + lms_words


_DELIMITER_WORDS = {
    ",": "comma-separated",
    ";": "semicolon-separated",
    "\t": "tab-separated",
    "|": "pipe-separated",
}
_ENCODING_WORDS = {
    "utf-8": "UTF-8 encoding",
    "utf-8-sig": "UTF-8 encoding (with BOM)",
    "utf-16": "UTF-16 (Unicode text) encoding",
    "utf-16-le": "UTF-16 (Unicode text) encoding",
    "gb18030": "GB18030 (Chinese) encoding",
    "cp1252": "Windows-1252 (Western European) encoding",
    "latin-1": "Latin-1 (Western European) encoding",
    "cp1251": "Windows-1251 (Cyrillic) encoding",
    "koi8-r": "KOI8-R (Cyrillic) encoding",
    "utf-32": "UTF-32 (Unicode text) encoding",
    "utf-32-le": "UTF-32 (Unicode text) encoding",
    "utf-32-be": "UTF-32 (Unicode text) encoding",
    "utf-16-be": "UTF-16 (Unicode text) encoding",
}


# --------------------------------------------------------------------------- bytes and format


def _subject(source_name: str) -> str:
    """How messages refer to the file: "The file 'x.csv'" or "The uploaded table"."""
    return "The uploaded table" if source_name == UNKNOWN_NAME else f"The file '{source_name}'"


def _read_source(source: Any, name: str | None, max_bytes: int | None) -> tuple[bytes, str]:
    """Return the raw bytes of ``source`` and the file name to use in messages."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        source_name = name or path.name
        _check_size(_path_size(path, source_name), max_bytes, source_name)
        data = _read_path(path, source_name)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        source_name, data = name or UNKNOWN_NAME, bytes(source)
    elif hasattr(source, "read"):
        upload_name = getattr(source, "name", None)
        source_name = name or (Path(upload_name).name if isinstance(upload_name, str) else UNKNOWN_NAME)
        data = _read_upload(source, source_name)
    else:
        raise TypeError(
            "load_table expects a path, bytes or a file-like object with .read(). "
            f"Got {type(source).__name__} instead."
        )
    _check_size(len(data), max_bytes, source_name)
    if not data.strip():
        raise DataReadError(
            f"{_subject(source_name)} is empty. Export the class list again from your "
            "spreadsheet, with a header row and one row per student."
        )
    return data, source_name


def _path_size(path: Path, source_name: str) -> int:
    """Size of the file at ``path``; a missing path or a folder is a DataReadError."""
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "was not found"
        raise DataReadError(
            f"{_subject(source_name)} {what} (looked for '{path}'). Check the file name and folder."
        )
    return path.stat().st_size


def _read_path(path: Path, source_name: str) -> bytes:
    """Read a file from disk, turning OS errors into a DataReadError."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise DataReadError(
            f"{_subject(source_name)} could not be opened ({error.strerror}). "
            "Close it in other programs, check that you may read it, and try again."
        ) from error


def _read_upload(source: Any, source_name: str) -> bytes:
    """Read all bytes of a file-like object (``getvalue()`` when available)."""
    try:
        data = source.getvalue() if hasattr(source, "getvalue") else source.read()
    except Exception as error:  # any file-like object: we cannot know what it raises
        raise DataReadError(
            f"{_subject(source_name)} could not be read ({error}). Upload the file again."
        ) from error
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _check_size(size: int, max_bytes: int | None, source_name: str) -> None:
    """Refuse files larger than ``max_bytes``, saying both sizes in MB."""
    if max_bytes is not None and size > max_bytes:
        raise DataReadError(
            f"{_subject(source_name)} is {_megabytes(size)} MB, larger than the limit of "
            f"{_megabytes(max_bytes)} MB. Remove columns you do not use (comments, "
            "photos, old terms), or split the class list into several smaller files."
        )


def _megabytes(size: int) -> str:
    """A byte count in MB (2**20 bytes), with three significant digits."""
    return f"{size / 2**20:.3g}"


def _detect_format(data: bytes, source_name: str) -> str:
    """Choose the reader from the file extension, or from the content without one."""
    suffix = Path(source_name).suffix.lower() if source_name != UNKNOWN_NAME else ""
    if suffix == ".xls":
        raise DataReadError(_xls_message(source_name))
    if suffix in FORMATS_BY_EXTENSION:
        return FORMATS_BY_EXTENSION[suffix]
    if suffix:
        supported = ", ".join(FORMATS_BY_EXTENSION)
        raise DataReadError(
            f"{_subject(source_name)} has the extension '{suffix}', which EduMTL cannot read. "
            f"Supported: {supported}. Save the class list as CSV or Excel (.xlsx) and load it again."
        )
    if data.startswith(_OLE2_MAGIC):
        raise DataReadError(_xls_message(source_name))
    if data.startswith(_ZIP_MAGIC):
        return "excel"
    return "parquet" if data.startswith(_PARQUET_MAGIC) else "csv"


def _xls_message(source_name: str) -> str:
    """The message for old Excel 97-2003 (.xls) or password-protected workbooks."""
    return (
        f"{_subject(source_name)} is an old Excel 97-2003 workbook (.xls) or a "
        "password-protected one, which EduMTL cannot read. Open it in Excel or LibreOffice, "
        "remove any password, and use 'Save As' > 'Excel Workbook (.xlsx)' or 'CSV UTF-8'."
    )


# --------------------------------------------------------------------------- CSV


def _load_csv(data: bytes, source_name: str) -> LoadedTable:
    """Decode, sniff and parse a CSV file, then tidy the table."""
    _refuse_binary(data, source_name)
    text, encoding, notes = _decode(data, source_name)
    text, delimiter = _sniff_delimiter(text, source_name)
    decimal = _sniff_decimal(text, delimiter)
    frame, header, parse_notes = _parse_csv(text, delimiter, decimal, source_name)
    frame, header, recognised = lms.apply(frame, header)
    parse_notes += list(recognised.notes) if recognised else []
    frame = _ids_as_numbers(frame, header)  # after the LMS rows without IDs (Canvas's Points Possible) are gone
    frame, tidy_notes = _tidy(frame, header, None, source_name)
    notes = pd.concat([notes, problem_table(parse_notes)], ignore_index=True) if parse_notes else notes
    return LoadedTable(
        frame=frame,
        source_name=source_name,
        file_format="csv",
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        notes=pd.concat([notes, tidy_notes], ignore_index=True) if len(notes) else tidy_notes,
        lms=recognised.system if recognised else None,
    )


def _refuse_binary(data: bytes, source_name: str) -> None:
    """Raise when a CSV file is really an image, a workbook or other binary data."""
    if data.startswith(_OLE2_MAGIC):
        raise DataReadError(_xls_message(source_name))
    kinds = {_ZIP_MAGIC: "an Excel workbook (.xlsx) or a zip file", _PARQUET_MAGIC: "a Parquet file"}
    kinds |= _NOT_TABLE_MAGIC
    kind = next((what for magic, what in kinds.items() if data.startswith(magic)), None)
    if kind is None and _unicode_codec(data) is None and _control_share(data) > 0.01:
        kind = "binary data (not text)"
    if kind is not None:
        raise DataReadError(
            f"{_subject(source_name)} is not a text table: it looks like {kind}. "
            f"Check that you picked the right file; if it is a workbook, give it the .xlsx "
            f"extension. {_EXPORT_FIX}"
        )


def _control_share(data: bytes) -> float:
    """Share of bytes that are control characters, which text files do not contain."""
    sample = data[:_SNIFF_CHARS].rstrip(b"\x00") or b"\x00"  # zero padding at the end is no content
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13) or byte == 127)
    return controls / len(sample)


def _utf16_codec(data: bytes) -> str | None:
    """Return "utf-16" (BOM) or "utf-16-le"/"utf-16-be" (no BOM, seen from zero bytes); UTF-32 is not UTF-16."""
    if _utf32_codec(data) is not None:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:2000]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _utf32_codec(data: bytes) -> str | None:
    """Return "utf-32" (BOM) or "utf-32-le"/"utf-32-be" (no BOM: three zero bytes in every four).

    Checked before UTF-16, whose BOM is the start of UTF-32-LE's: read as UTF-16, UTF-32 text gets a
    zero character between every two letters."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    size = min(len(data), 4000) // 4 * 4
    if size < 8:
        return None
    zeros = np.frombuffer(data[:size], dtype=np.uint8).reshape(-1, 4) == 0
    share = zeros.mean(axis=0)
    if share[3] == 1 and share[2] > 0.9 and share[0] < 0.05:
        return "utf-32-le"
    if share[0] == 1 and share[1] > 0.9 and share[3] < 0.05:
        return "utf-32-be"
    return None


def _unicode_codec(data: bytes) -> str | None:
    """The UTF-32 or UTF-16 codec of ``data``, when its BOM or its zero bytes show one."""
    return _utf32_codec(data) or _utf16_codec(data)


def _decode(data: bytes, source_name: str) -> tuple[str, str, pd.DataFrame]:
    """Decode CSV bytes; return the text, the encoding and notes about a weak guess.

    Order: UTF-32, then UTF-16 (BOM or zero-byte pattern), UTF-8 with BOM, strict UTF-8,
    then the best-scoring of GB18030, Windows-1252/Latin-1 and Windows-1251/KOI8-R
    (see :func:`_decode_legacy`); when none looks like real text, see :func:`_decode_guess`.
    (charset_normalizer was tried as a fallback and left out: on a short file of accented French
    names it guessed cp932, Japanese.)
    """
    bom_codec = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else None
    for codec in (_unicode_codec(data), bom_codec, "utf-8"):
        if codec is not None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                if codec != "utf-8":
                    raise _decode_error(source_name, codec) from error
                continue
            return _refuse_zero_characters(text, source_name), codec, problem_table()
    text, codec, notes = _decode_legacy(data, source_name)
    return _refuse_zero_characters(text, source_name), codec, notes


def _refuse_zero_characters(text: str, source_name: str) -> str:
    """``text`` without zero characters padding its end; one inside the text means the file is damaged
    or not in the encoding it was read as (its names and values would be garbled), so it is refused."""
    stripped = text.rstrip("\x00")
    if "\x00" in stripped:
        line = stripped[: stripped.index("\x00")].count("\n") + 1
        raise DataReadError(
            f"{_subject(source_name)} contains zero bytes (on line {line}), which text tables never do: it "
            f"may be damaged, or be another kind of file renamed. {_EXPORT_FIX}"
        )
    return stripped


def _decode_error(source_name: str, codec: str) -> DataReadError:
    """The message for a file whose BOM announces an encoding that does not fit."""
    return DataReadError(
        f"{_subject(source_name)} says it is {codec.upper()} text but contains bytes that are "
        f"not valid {codec.upper()}; it may be damaged. {_EXPORT_FIX}"
    )


def _decode_legacy(data: bytes, source_name: str) -> tuple[str, str, pd.DataFrame]:
    """Choose between Windows-1252/Latin-1 (Western), GB18030 (Chinese) and Windows-1251/KOI8-R (Cyrillic).

    Every candidate that decodes is scored on how much of its non-ASCII text is plausible in its
    script (:func:`_latin_score`, :func:`_cjk_score`, :func:`_cyrillic_score`); the best one wins.
    On a tie Western wins, then Cyrillic whose letters are as frequent as in real Russian text
    (:func:`_cyrillic_letter_frequency`), then Chinese. Cyrillic must be a candidate because its
    bytes also decode as GB18030 into common ideographs: without it, a Russian KOI8-R file was read as Chinese without a word.
    (Chinese read as Cyrillic mixes letters, symbols and cases, so it scores low.)
    """
    candidates = {}
    for codec, (score, tie_rank) in _LEGACY_CODECS.items():
        if codec == "latin-1" and "cp1252" in candidates:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SCORE_CHARS]
        candidates[codec] = (score(sample), tie_rank(sample), text)
    codec = max(candidates, key=lambda name: candidates[name][:2])  # latin-1 always decodes
    score, _, text = candidates[codec]
    if score >= 0.5:
        return text, codec, problem_table()
    return _decode_guess(codec, text, source_name)


def _decode_guess(codec: str, text: str, source_name: str) -> tuple[str, str, pd.DataFrame]:
    """Neither candidate looks like real text: refuse, or keep the best guess with a warning.

    Text where most characters are non-ASCII yet neither Chinese nor Western
    is binary data or an encoding EduMTL does not know (Greek, for example):
    guessing would garble every name, so it is refused. A few odd characters
    in mostly ASCII text are kept with a warning note.
    """
    sample = text[:_SCORE_CHARS]
    if _non_ascii(sample) > 0.3 * len(sample):
        raise DataReadError(
            f"{_subject(source_name)} could not be decoded as text: it is binary data or uses a "
            "text encoding EduMTL does not recognise (it reads UTF-8, UTF-16, UTF-32, GB18030/GBK, "
            "Windows-1252/Latin-1 and Windows-1251/KOI8-R). In your spreadsheet, save the class list as "
            "'CSV UTF-8'."
        )
    note = {
        "severity": "warning",
        "column": "",
        "rows": "",
        "problem": f"The text encoding of the file was guessed as {codec}; "
        "accented or non-Latin letters may look wrong.",
        "fix": "If names look garbled, save the file again as 'CSV UTF-8' in your spreadsheet.",
    }
    return text, codec, problem_table([note])


def _non_ascii(text: str) -> int:
    """Number of non-ASCII characters in ``text`` (at least 1, to divide by)."""
    return max(1, sum(1 for char in text if ord(char) > 127))


def _cjk_score(text: str) -> float:
    """Share of non-ASCII characters that are plausible in Chinese text.

    Common ideographs (GB2312 level 1) count 1, rarer GB2312 ones 0.5, other
    GBK/GB18030 ideographs 0. Latin-1 text read as GBK pairs an accented
    letter with the next ASCII letter ("Josée" -> "Jos" + one ideograph),
    which lands outside GB2312, so it scores low.
    """
    total = 0.0
    for char in text:
        if ord(char) <= 127:
            continue
        if "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or char in _CJK_PUNCTUATION:
            total += 1
        elif "\u4e00" <= char <= "\u9fff":
            total += _gb2312_weight(char)
    return total / _non_ascii(text)


def _gb2312_weight(char: str) -> float:
    """1 for GB2312 level-1 (common) ideographs, 0.5 for level 2, 0 otherwise."""
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 0.0
    return 1.0 if lead <= 0xD7 else 0.5


def _latin_score(text: str) -> float:
    """Share of non-ASCII characters that are plausible in Western European text.

    A run of non-ASCII characters is plausible when it is one common
    punctuation mark ("€", "º"), or at most 3 Latin letters touching an ASCII
    letter ("Mü-ller", "Concei-çã-o"). Chinese read as cp1252 gives longer
    runs of symbols and letters ("王芳" -> "Íõ·¼"), so it scores low.
    """
    plausible = 0
    for match in re.finditer(r"[^\x00-\x7f]+", text):
        run, start, end = match.group(), match.start(), match.end()
        if len(run) == 1 and run in _LATIN_PUNCTUATION:
            plausible += 1
        elif len(run) <= 3 and all(_is_latin_letter(char) for char in run):
            neighbours = text[max(0, start - 1) : start] + text[end : end + 1]
            plausible += len(run) if any(c.isascii() and c.isalpha() for c in neighbours) else 0
    return plausible / _non_ascii(text)


def _is_latin_letter(char: str) -> bool:
    """True for accented Latin letters (U+00C0-U+024F), such as é, ç, ü, Ø, ß."""
    return "\u00c0" <= char <= "\u024f" and unicodedata.category(char).startswith("L")


_CYRILLIC_PUNCTUATION = set("№«»—–…„“”\u00a0")
_CYRILLIC_PER_MILLE = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёіїєґ",
    (110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 17, 16, 14, 12, 10, 9, 7, 6, 5,
     4, 3, 3, 1, 1, 40, 6, 4, 1),
))
"""How often each letter appears in Russian text, per thousand letters (Ukrainian і, ї, є, ґ added)."""


def _cyrillic_score(text: str) -> float:
    """Share of non-ASCII characters that are plausible in Cyrillic (Russian, Ukrainian...) text.

    A word counts when all its letters are Cyrillic and its case is that of a word ("иванов",
    "Иванов", "ИВАНОВ"). Chinese or Western text read as Cyrillic mixes scripts, symbols and
    cases, so it scores low. The score is halved when there are fewer than 8 Cyrillic letters (two
    Chinese characters can read as a plausible three-letter word) or when the letters are much rarer
    than in Russian (Greek read as Windows-1251 gives well-formed words of rare letters).
    """
    plausible = sum(1 for char in text if char in _CYRILLIC_PUNCTUATION)
    for match in re.finditer(r"[^\W\d_]+", text):
        word = match.group()
        if word.isascii() or not all("\u0400" <= char <= "\u04ff" for char in word):
            continue
        if word.islower() or word.isupper() or word[1:].islower():
            plausible += len(word)
    frequency = _cyrillic_letter_frequency(text)
    return plausible / _non_ascii(text) / (1 if frequency >= _RARE_LETTERS else 2)


_RARE_LETTERS = 40.0


def _cyrillic_letter_frequency(text: str) -> float:
    """How frequent the Cyrillic letters of ``text`` are in Russian, per thousand letters on average.

    KOI8-R read as Windows-1251 (or the reverse) swaps every letter for another, mostly rarer, one
    (and upper for lower case, which :func:`_cyrillic_score` cannot see in text written in one case),
    so the mean falls to about 30-40, while Russian words and names stay around 50-70. Below 8 letters
    the mean says little: it is divided by 10.
    """
    letters = [char for char in text.lower() if "\u0400" <= char <= "\u04ff"]
    if not letters:
        return 0.0
    mean = float(np.mean([_CYRILLIC_PER_MILLE.get(char, 1) for char in letters]))
    return mean if len(letters) >= 8 else mean / 10


def _chinese_rank(text: str) -> float:
    return _RUSSIAN_LIKE  # Cyrillic wins a tie with Chinese only when its letters are as frequent as Russian's


def _western_rank(text: str) -> float:
    return 1000.0


_RUSSIAN_LIKE = 45.0
_LEGACY_CODECS = {  # codec: (score, rank on a tie: the higher wins)
    "cp1252": (_latin_score, _western_rank),
    "latin-1": (_latin_score, _western_rank),
    "cp1251": (_cyrillic_score, _cyrillic_letter_frequency),
    "koi8-r": (_cyrillic_score, _cyrillic_letter_frequency),
    "gb18030": (_cjk_score, _chinese_rank),
}


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _records(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    """The first ``limit`` records of ``text`` as the csv module reads them.

    Line ends may be LF, CRLF or a lone CR (old Mac files), also inside quoted values: the text is
    read with ``newline=""``, so the csv module sees every line end as it is written. A record cut
    off at the end of a sample is returned as far as it goes."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error:  # a sample cut inside a quoted value, for example
        pass
    return rows


def _sample(text: str) -> str:
    """The start of ``text`` used to sniff: 64,000 characters, or more to hold the first three lines of
    a very wide table (5,000 columns make a 40,000-character line)."""
    if len(text) <= _SNIFF_CHARS:
        return text
    ends = [match.end() for _, match in zip(range(3), _LINE_BREAK.finditer(text))]
    return text[: max(_SNIFF_CHARS, ends[-1] if ends else len(text))]


def _sniff_delimiter(text: str, source_name: str) -> tuple[str, str]:
    """Return the text (without an Excel ``sep=`` line) and its separator.

    The separator is the candidate that splits the header into the most
    columns while giving the same count on most of the first 50 rows; quoted
    values are respected. A file with one column gets ",".
    """
    found = re.match(r"sep=(.)(\r\n|\r|\n)", text)
    if found and found.group(1) not in "\r\n":
        return text[found.end():], found.group(1)  # Excel hides this line: rows are numbered without it
    best, best_key = ("\t" if source_name.lower().endswith(".tsv") else ","), (0.0, 1)
    sample = _sample(text)
    for delimiter in _DELIMITERS:
        rows = [row for row in _records(sample, delimiter, 200) if any(row)][:50]
        if not rows or len(rows[0]) < 2:
            continue
        widths = [len(row) for row in rows]
        key = (round(widths.count(widths[0]) / len(widths), 2), widths[0])
        if key > best_key:
            best, best_key = delimiter, key
    return text, best


def _sniff_decimal(text: str, delimiter: str) -> str:
    """Return "," when a ;- or tab-separated file writes numbers like ``12,5``."""
    if delimiter == ",":
        return "."
    rows = _records(_sample(text), delimiter, 500)[1:]
    cells = [cell for row in rows for cell in row]
    commas = sum(1 for cell in cells if _DECIMAL_COMMA.match(cell))
    points = sum(1 for cell in cells if _DECIMAL_POINT.match(cell))
    return "," if commas > points else "."


def _split_header(text: str, delimiter: str, source_name: str) -> tuple[list[str], int, int]:
    """Find the header: the first record after any empty lines, even one whose cells are all empty
    (",,," gets "column N" names, with a note: taking the next row as the header would lose it).

    Returns:
        The header cells exactly as written (pandas would rename duplicates and blanks), where the
        first student row starts in ``text``, and how many values that row has.
    """
    handle = io.StringIO(text, newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    header, start, first_width = None, len(text), 0
    try:
        for row in reader:
            if header is None:
                if row:
                    header, start = row, handle.tell()
            elif row:
                first_width = len(row)
                break
    except csv.Error:  # an unclosed quote: pandas reads as far as it can, and says so if it cannot
        pass
    if header is None:
        raise DataReadError(
            f"{_subject(source_name)} has no header row. Export the class list again with a "
            "header row (the column names) and one row per student."
        )
    return header, start, first_width


def _parse_csv(text: str, delimiter: str, decimal: str, source_name: str) -> tuple[pd.DataFrame, list[str], list]:
    """Parse CSV text with pandas.

    Returns:
        The frame (columns numbered from 0, indexed by the line of the file), the header cells, and
        notes: rows with more values than the header has names are kept (see :func:`_extra_values`).
    """
    header, start, first_width = _split_header(text, delimiter, source_name)
    first_row = len(_LINE_BREAK.findall(text[:start])) + 1
    width = max(len(header), first_width) + 1  # wider than any row pandas could cut off (the first one)
    try:
        frame = pd.read_csv(
            io.StringIO(text[start:]),
            sep=delimiter,
            decimal=decimal,
            header=None,
            names=range(width),
            index_col=False,
            skip_blank_lines=False,  # blank lines become empty rows, dropped with a note
            na_values=list(EXTRA_MISSING_VALUES),
            dtype={i: str for i, name in enumerate(header) if looks_like_id(name)},  # "007" stays "007"
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise _parser_error(error, delimiter, source_name, first_row, len(header)) from error
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    return _extra_values(frame, header, delimiter, source_name)


def _extra_values(frame: pd.DataFrame, header: list[str], delimiter: str, source_name: str):
    """Rows with values beyond the last header name: keep them, or refuse the file; never cut them off.

    When more than half of the rows have values there, the header lacks names: the values are kept
    in columns named "column N", with a note. When only a few rows do, a value of theirs most likely
    holds the separator without quotes ("Smith, John"): the later values of the row have moved one
    column to the right, so the file is refused, naming the rows. (pandas alone silently drops such
    values from the first row.)
    """
    beyond = frame.iloc[:, len(header):]
    extra = beyond.notna().any(axis=1).to_numpy()
    frame = frame.iloc[:, : len(header)]
    if not extra.any():
        return frame, header, []
    rows = [int(row) for row in frame.index[extra]]
    students = int((frame.notna().any(axis=1).to_numpy() | extra).sum())
    if len(rows) <= 0.5 * students:
        shown = _DELIMITER_WORDS[delimiter].replace("-separated", "")
        which = f"line {rows[0]} has" if len(rows) == 1 else f"lines {_note('', rows, '', '')['rows']} have"
        raise DataReadError(
            f"{_subject(source_name)} could not be read: {which} more values than the header has names "
            f"({len(header)}). Usually a value contains the separator ({shown}) without quotes around it, "
            "which moves the later values of its row one column to the right. Put that value in double "
            "quotes, or export the file again from your spreadsheet."
        )
    kept = beyond.iloc[:, : np.flatnonzero(beyond.notna().any().to_numpy()).max() + 1]
    names = [f"column {position + 1}" for position in kept.columns]
    frame = pd.concat([frame, kept], axis=1)
    note = _note(", ".join(names), rows, f"{len(rows)} row(s) have more values than the header has names "
                 f"({len(header)}); the extra values are kept in {len(names)} new column(s): {', '.join(names)}.",
                 "Type a name for each of these columns in the header row of the file.")
    return frame, [*header, *names], [note]


_PLAIN_INTEGER = re.compile(r"^\s*(0|-?[1-9][0-9]*)\s*$")


def _ids_as_numbers(frame: pd.DataFrame, header: list[str]) -> pd.DataFrame:
    """ID columns were read as text; those holding only plain whole numbers (1, 2, 315) become numbers
    again, exactly as pandas reads them, so they sort and match as before. A column where any ID would
    change as a number ("007", "1.10", "S01") stays text."""
    for position, name in enumerate(header):
        if not looks_like_id(name) or position not in frame.columns:
            continue
        present = frame[position].dropna()
        if len(present) and present.astype(str).str.match(_PLAIN_INTEGER).all():
            frame[position] = pd.to_numeric(frame[position])
    return frame


def _parser_error(error: Exception, delimiter: str, source_name: str, first_row: int, width: int) -> DataReadError:
    """Translate a pandas tokenizing error into a message that names the line and the header's ``width``."""
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
    shown = _DELIMITER_WORDS[delimiter].replace("-separated", "")
    if found is None:
        detail = f"it is not a well-formed table ({error})"
    else:
        _, line, seen = found.groups()
        detail = f"line {int(line) + first_row - 1} has {seen} values but the header has {width} columns"
    return DataReadError(
        f"{_subject(source_name)} could not be read: {detail}. Usually a value contains the "
        f"separator ({shown}) without quotes around it. Put that value in double quotes, or "
        "export the file again from your spreadsheet."
    )


# --------------------------------------------------------------------------- Excel


def _load_excel(data: bytes, source_name: str, sheet: str | int | None) -> LoadedTable:
    """Read one sheet of an .xlsx/.xlsm workbook, then tidy the table."""
    book = _open_workbook(data, source_name)
    names = tuple(str(name) for name in book.sheet_names)
    if sheet is None:
        chosen, raw = _largest_sheet(book, names, source_name)
    else:
        chosen = _choose_sheet(names, sheet, source_name)
        raw = _read_sheet(book, chosen, source_name)
    if raw.dropna(how="all").empty:
        raise DataReadError(
            f"The sheet '{chosen}' of '{source_name}' is empty. "
            f"Pick a sheet with the class list: {_sheet_list(names)}."
        )
    header_at = int(raw.notna().any(axis=1).to_numpy().argmax())
    header = [_cell_text(value) for value in raw.iloc[header_at]]
    body = raw.iloc[header_at + 1 :].infer_objects()
    body.index = body.index + 1  # spreadsheet rows are 1-based
    body, header, recognised = lms.apply(body, header)
    frame, notes = _tidy(body, header, None, source_name)
    if recognised:
        notes = pd.concat([problem_table(list(recognised.notes)), notes], ignore_index=True)
    if len(names) > 1:
        notes = pd.concat([notes, problem_table([_note(
            "", [], f"The workbook has {len(names)} sheets ({_sheet_list(names)}); the sheet '{chosen}' was read.",
            "If the class list is on another sheet, choose that sheet.")])], ignore_index=True)
    return LoadedTable(
        frame=frame,
        source_name=source_name,
        file_format="excel",
        sheet=chosen,
        sheet_names=names,
        notes=notes,
        lms=recognised.system if recognised else None,
    )


def _open_workbook(data: bytes, source_name: str) -> pd.ExcelFile:
    """Open a workbook with openpyxl; a damaged or disguised file is a DataReadError."""
    if data.startswith(_OLE2_MAGIC):
        raise DataReadError(_xls_message(source_name))
    if not data.startswith(_ZIP_MAGIC):
        raise DataReadError(
            f"{_subject(source_name)} is not an Excel workbook: its content is not in the .xlsx "
            "format. If it is a text (CSV) file, rename it to .csv; otherwise open it in Excel "
            "and save it again as 'Excel Workbook (.xlsx)'."
        )
    try:
        return pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except Exception as error:  # openpyxl/zipfile raise many types for a damaged file
        raise DataReadError(
            f"{_subject(source_name)} is not a valid Excel workbook (.xlsx); it may be damaged "
            "or be another kind of file renamed. Open it in Excel, check it shows your class "
            "list, and save it again as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'."
        ) from error


def _largest_sheet(
    book: pd.ExcelFile, names: tuple[str, ...], source_name: str
) -> tuple[str, pd.DataFrame]:
    """Return the name and raw content of the sheet with the most filled cells (the first on a tie):
    a cover page or a notes sheet before the class list is skipped."""
    best_name, best_raw, best_size = None, None, 0
    for name in names:
        raw = _read_sheet(book, name, source_name)
        size = int(raw.notna().to_numpy().sum())
        if size > best_size:
            best_name, best_raw, best_size = name, raw, size
    if best_name is not None:
        return best_name, best_raw
    raise DataReadError(
        f"{_subject(source_name)} has no data in any sheet ({_sheet_list(names)}). "
        "Check that you saved the workbook with the class list in it."
    )


def _choose_sheet(names: tuple[str, ...], sheet: str | int, source_name: str) -> str:
    """Return the name of the sheet asked for by name or 0-based index."""
    if isinstance(sheet, int) and not isinstance(sheet, bool) and -len(names) <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise DataReadError(
        f"{_subject(source_name)} has no sheet {sheet!r}. Available sheets: {_sheet_list(names)} "
        f"(or an index from 0 to {len(names) - 1}). Pick one of these."
    )


def _sheet_list(names: tuple[str, ...]) -> str:
    """Sheet names quoted and comma-separated, for messages."""
    return ", ".join(f"'{name}'" for name in names)


def _read_sheet(book: pd.ExcelFile, name: str, source_name: str) -> pd.DataFrame:
    """Read a whole sheet without a header (the header is found by :func:`_load_excel`)."""
    try:
        return pd.read_excel(
            book, sheet_name=name, header=None, dtype=object, na_values=list(EXTRA_MISSING_VALUES)
        )
    except Exception as error:  # a damaged sheet can fail in openpyxl or pandas
        raise DataReadError(
            f"The sheet '{name}' of '{source_name}' could not be "
            f"read ({type(error).__name__}). Open the workbook in Excel and save it again as "
            "'Excel Workbook (.xlsx)' or 'CSV UTF-8'."
        ) from error


def _cell_text(value: Any) -> str:
    """A header cell as text: 2023.0 -> "2023", empty -> ""."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------- Parquet


def _load_parquet(data: bytes, source_name: str) -> LoadedTable:
    """Read a Parquet file with pyarrow, then tidy the table."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
        table, flattened = _plain_arrow_columns(table)
        frame = table.to_pandas()
    except Exception as error:  # pyarrow raises ArrowInvalid, OSError... for a damaged file
        raise DataReadError(
            f"{_subject(source_name)} is not a valid Parquet file; it may be damaged or be "
            f"another kind of file renamed. {_EXPORT_FIX}"
        ) from error
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()  # a saved index (e.g. student_id) becomes a column again
    header = [str(name) for name in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    frame, notes = _tidy(frame, header, None, source_name)
    if flattened:
        notes = pd.concat([problem_table(flattened), notes], ignore_index=True)
    return LoadedTable(frame=frame, source_name=source_name, file_format="parquet", notes=notes)


def _plain_arrow_columns(table):
    """Columns a class table can use: lists, records and maps become text (with a note), binary values
    text, dictionary-encoded columns their plain values.

    A Parquet file can hold a list or a record in one cell; every later step (roles, outcomes,
    checks) expects one value per cell, and a list chosen as an outcome crashed. As text, such a
    column is shown and can be ignored or used as categories; nothing is lost.
    """
    import pyarrow as pa

    notes = []
    for position, field in enumerate(table.schema):
        kind = field.type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
            table = table.set_column(position, field.name, table.column(position).cast(kind))
        if pa.types.is_nested(kind) or pa.types.is_union(kind):
            what = "records" if pa.types.is_struct(kind) else "maps" if pa.types.is_map(kind) else "lists"
            texts = [None if value is None else _nested_text(value) for value in table.column(position).to_pylist()]
            table = table.set_column(position, field.name, pa.array(texts, type=pa.string()))
            notes.append(_note(str(field.name), [], f"The column '{field.name}' holds {what} (several values in one "
                               "cell), which EduMTL reads as text.", "Nothing to do if the column is not needed; "
                               "otherwise save one value per cell (one column per value) and load the file again."))
        elif (pa.types.is_timestamp(kind) or pa.types.is_date(kind)) and _outside_calendar(table.column(position)):
            table = table.set_column(position, field.name, _as_text(table.column(position)))
            notes.append(_note(str(field.name), [], f"The column '{field.name}' holds dates outside the years 1 to "
                               "9999, which no calendar (nor pandas) can show; EduMTL reads them as text.",
                               "Check how the file was made: these dates are most likely damaged."))
        elif pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
            texts = [None if value is None else value.decode("utf-8", errors="replace")
                     for value in table.column(position).to_pylist()]
            table = table.set_column(position, field.name, pa.array(texts, type=pa.string()))
            notes.append(_note(str(field.name), [], f"The column '{field.name}' holds binary data (bytes, not "
                               "text), which EduMTL reads as text; bytes that are not UTF-8 show as '\ufffd'.",
                               "Nothing to do if the column is not needed (photos, files): mark it 'ignore'."))
    return table, notes


def _outside_calendar(column) -> bool:
    """Whether a date or timestamp column holds a year before 1 or after 9999 (a damaged file: Python's
    dates end there, and pandas cannot even print such a table)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        low, high = pc.min_max(pc.year(column)).values()
    except (pa.ArrowException, ValueError):  # a time zone pyarrow cannot resolve: read it as text to be safe
        return True
    return (low.as_py() is not None and low.as_py() < 1) or (high.as_py() is not None and high.as_py() > 9999)


def _as_text(column):
    """A column as text, cast by pyarrow (which formats any date), else its raw integers."""
    import pyarrow as pa

    try:
        return column.cast(pa.string())
    except pa.ArrowException:
        return column.cast(pa.int64()).cast(pa.string())


def _nested_text(value: Any) -> str:
    """A list, record or map cell as JSON text, e.g. ``[1, 2]`` or ``{"a": 1}``."""
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=isinstance(value, dict))


# --------------------------------------------------------------------------- tidying


def _tidy(
    frame: pd.DataFrame, header: list[str], first_row: int | None, source_name: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Name columns, drop empty rows/columns, rename duplicates; return frame and notes.

    Args:
        frame: the parsed table (any column labels).
        header: the header cells as written in the file, one per column.
        first_row: spreadsheet row number of the first data row, or ``None``
            when ``frame.index`` already holds the row numbers.
        source_name: file name for messages.
    """
    frame = frame.copy()
    frame.attrs.pop(SOURCE_ROWS, None)  # a Parquet file keeps the attrs of the frame it was saved from
    if len(header) != frame.shape[1]:
        header = [str(label) for label in frame.columns]
    frame.columns = range(frame.shape[1])
    if first_row is not None:
        frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    _refuse_no_rows(frame, source_name)
    notes = []
    frame = _drop_empty_rows(frame, notes, source_name)
    frame = _drop_empty_columns(frame, header, notes)
    frame.columns = _column_names(header, list(frame.columns), notes)
    rows = frame.index.to_numpy(dtype=int)
    frame = frame.reset_index(drop=True)
    if not np.array_equal(rows, np.arange(len(rows)) + 2):
        frame.attrs[SOURCE_ROWS] = _row_steps(rows)  # validation reports the rows the teacher sees
    return frame, problem_table(notes)


def _refuse_no_rows(frame: pd.DataFrame, source_name: str) -> None:
    """Raise when the table has a header but no student rows."""
    if frame.shape[1] == 0:
        raise DataReadError(
            f"{_subject(source_name)} has no columns. Export the class list again with a "
            "header row and one row per student."
        )
    if len(frame) == 0:
        raise DataReadError(
            f"{_subject(source_name)} has a header row but no student rows. Export the class "
            "list again with one row per student below the header."
        )


def _drop_empty_rows(frame: pd.DataFrame, notes: list[dict], source_name: str) -> pd.DataFrame:
    """Drop rows where every cell is missing, with a note listing their row numbers."""
    empty = frame.isna().all(axis=1)
    if empty.all():
        raise DataReadError(
            f"{_subject(source_name)} has a header row but every row below it is empty. "
            "Export the class list again with one row per student below the header."
        )
    if empty.any():
        rows = [int(row) for row in frame.index[empty]]
        fix = "Nothing to do; empty rows carry no student data."
        notes.append(_note("", rows, f"Removed {len(rows)} empty row(s).", fix))
    return frame.loc[~empty]


def _drop_empty_columns(frame: pd.DataFrame, header: list[str], notes: list[dict]) -> pd.DataFrame:
    """Drop columns where every value is missing, with a note naming them."""
    empty = [position for position in frame.columns if frame[position].isna().all()]
    if empty:
        names = ", ".join(_shown_name(header, position) for position in empty)
        fix = "Nothing to do, unless a column should have values: then fill them in the file."
        notes.append(_note(names, [], f"Removed {len(empty)} empty column(s): {names}.", fix))
    return frame.drop(columns=empty)


def _shown_name(header: list[str], position: int) -> str:
    """A column as shown in notes: its header in quotes, or "column N (no header)"."""
    name = header[position].strip()
    return f"'{name}'" if name else f"column {position + 1} (no header)"


def _column_names(header: list[str], positions: list[int], notes: list[dict]) -> list[str]:
    """Stripped, unique names for the kept columns; blanks become "column N"."""
    names, blanks = [], []
    for position in positions:
        name = header[position].strip().lstrip("\ufeff").strip()
        if not name:
            name = f"column {position + 1}"
            blanks.append(name)
        names.append(name)
    if blanks:
        shown = ", ".join(blanks)
        problem = f"{len(blanks)} column(s) had no header; named {shown}."
        fix = "Type a name for each of these columns in the header row of the file."
        notes.append(_note(shown, [], problem, fix))
    return _deduplicate(names, notes)


def _deduplicate(names: list[str], notes: list[dict]) -> list[str]:
    """Keep the first of each name and rename later ones "name (2)", "name (3)"..."""
    used, result, renamed = set(names), [], {}
    seen: set[str] = set()
    for name in names:
        if name not in seen:
            seen.add(name)
            result.append(name)
            continue
        number = 2
        while f"{name} ({number})" in used:
            number += 1
        new = f"{name} ({number})"
        used.add(new)
        result.append(new)
        renamed.setdefault(name, []).append(new)
    for name, new in renamed.items():
        problem = (
            f"The column name '{name}' appears {len(new) + 1} times; the later one(s) were "
            f"renamed {', '.join(repr(n) for n in new)}."
        )
        fix = "If these columns hold different things, rename them in the file so each has its own name."
        notes.append(_note(name, [], problem, fix))
    return result


def _note(column: str, rows: list[int], problem: str, fix: str) -> dict:
    """One warning row of a problem table; at most 20 row numbers are listed."""
    shown = ", ".join(str(row) for row in rows[:20])
    if len(rows) > 20:
        shown += f" and {len(rows) - 20} more"
    return {"severity": "warning", "column": column, "rows": shown, "problem": problem, "fix": fix}
