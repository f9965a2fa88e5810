"""The source document file beside a dataset, found through `provenance.document` (a path
relative to the dataset file) and checked against the SHA-256 the provenance records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dyscalc.errors import DyscalcError
from dyscalc.model import Provenance


class DocumentMismatch(DyscalcError):
    """The file at the document's path is not the document the dataset names."""


@dataclass(frozen=True, slots=True)
class SourceDocument:
    name: str
    path: Path
    text: str


def find_source_document(dataset_file: Path, provenance: Provenance) -> SourceDocument | None:
    """The source document beside `dataset_file`, or None when none ships there.

    Raises DocumentMismatch when a file is there but is not the document: its SHA-256 is
    not the one the provenance records, or it is not UTF-8 text. A path that leaves the
    dataset's folder is refused, so a dataset cannot point at any file on the machine."""
    path = document_path(dataset_file, provenance.document)
    try:
        data = path.read_bytes()
    except OSError:
        return None  # missing or unreadable: the dataset ships no document
    expected = provenance.sha256  # recorded from dataset schema 2 on
    if expected is not None and hashlib.sha256(data).hexdigest() != expected.lower():
        raise DocumentMismatch(f"{path}: not the source document (its SHA-256 differs)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentMismatch(f"{path}: the source document is not UTF-8 text") from None
    return SourceDocument(provenance.document, path, text)


def document_path(dataset_file: Path, document: str) -> Path:
    """Where `provenance.document` points: relative to the dataset file's folder, and
    inside it; DocumentMismatch for a path that leaves it."""
    relative = PurePosixPath(document)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise DocumentMismatch(
            f"the source document {document!r} is not a path in the dataset's folder"
        )
    path = dataset_file.parent.joinpath(*relative.parts)
    # Follow links too: a link in the folder must not lead the document elsewhere. Either
    # the dataset file's folder or, when the file is itself a link, its target's folder
    # may hold the document (data/ holds links to the package's own data files).
    target = path.resolve()
    folders = {dataset_file.parent.resolve(), dataset_file.resolve().parent}
    if not any(target.is_relative_to(folder) for folder in folders):
        raise DocumentMismatch(
            f"the source document {document!r} leads out of the dataset's folder (a link)"
        )
    return path
