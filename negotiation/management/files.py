"""Reading the files that commands are given: one place for the errors users see."""
from pathlib import Path

from django.core.management.base import CommandError

from negotiation.limits import text_limits
from negotiation.text.parse import ParseError, parse_text
from negotiation.text.readers import read_document
from negotiation.text.structure import ParsedText


def read_text(path: str) -> str:
    """The text of a .txt, .md, .docx or .pdf file, held to the deployment's text limits;
    unreadable or refused files become a CommandError."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
    try:
        return read_document(file.name, data, limits=text_limits())
    except ParseError as error:
        raise CommandError(f"{path}: {error}") from error


def read_and_parse(path: str) -> ParsedText:
    """Read and parse one UN text; parse problems become a CommandError naming the file."""
    text = read_text(path)
    try:
        return parse_text(text, limits=text_limits())
    except ParseError as error:
        raise CommandError(f"{path}: {error}") from error
