"""The source document a dataset transcribes: found beside the dataset file, refused when it
is not the recorded one or lies outside the dataset's folder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import dyscalc
from dyscalc.loader import bundled_dataset_path
from dyscalc.source_file import DocumentMismatch, SourceDocument, find_source_document

DOCUMENT_NAME = "dystrophic-calcification.txt"  # the bundled dataset's provenance.document
DOCUMENT = "From the Guidelines\nDystrophic calcifications are primarily caused by tissue damage\n"


def dataset_beside(folder: Path, document: str | None = None) -> Path:
    """A copy of the bundled dataset in `folder`, with `document` as its source text (the
    copy records no sha256, so that any text is its document)."""
    path = folder / "calcifications.yaml"
    text = bundled_dataset_path().read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n  sha256: [0-9a-f]+\n", "\n", text), encoding="utf-8")
    if document is not None:
        (folder / DOCUMENT_NAME).write_text(document, encoding="utf-8")
    return path


def provenance(document: str, sha256: str | None = None) -> Any:
    # Dataset schema 2 records the document's SHA-256 in Provenance.sha256; until the model
    # has the field, a stand-in with the same attributes shows how it is checked.
    return SimpleNamespace(document=document, sha256=sha256)


def test_the_document_beside_the_dataset_is_found(tmp_path: Path) -> None:
    dataset_file = dataset_beside(tmp_path, DOCUMENT)
    found = find_source_document(dataset_file, dyscalc.load(dataset_file).provenance)
    assert found == SourceDocument(DOCUMENT_NAME, tmp_path / DOCUMENT_NAME, DOCUMENT)


def test_no_document_beside_the_dataset_is_none(tmp_path: Path) -> None:
    dataset_file = dataset_beside(tmp_path)
    assert find_source_document(dataset_file, dyscalc.load(dataset_file).provenance) is None
    assert (
        find_source_document(bundled_dataset_path().parent / "x.yaml", provenance("no.txt")) is None
    )


def test_a_document_with_its_recorded_sha256_is_found(tmp_path: Path) -> None:
    dataset_file = dataset_beside(tmp_path, DOCUMENT)
    digest = hashlib.sha256(DOCUMENT.encode()).hexdigest()
    found = find_source_document(dataset_file, provenance(DOCUMENT_NAME, digest.upper()))
    assert found is not None
    assert found.text == DOCUMENT


@pytest.mark.parametrize(
    ("document", "content", "message"),
    [
        (DOCUMENT_NAME, "edited\n", "not the source document (its SHA-256 differs)"),
        ("../outside.txt", DOCUMENT, "is not a path in the dataset's folder"),
        ("/etc/hostname", DOCUMENT, "is not a path in the dataset's folder"),
        ("", DOCUMENT, "is not a path in the dataset's folder"),
    ],
)
def test_a_document_that_is_not_the_recorded_one_is_refused(
    tmp_path: Path, document: str, content: str, message: str
) -> None:
    dataset_file = dataset_beside(tmp_path, content)
    digest = hashlib.sha256(DOCUMENT.encode()).hexdigest()
    with pytest.raises(DocumentMismatch, match=re.escape(message)):
        find_source_document(dataset_file, provenance(document, digest))


def test_a_document_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    dataset_file = dataset_beside(tmp_path)
    (tmp_path / DOCUMENT_NAME).write_bytes(b"caf\xe9\n")
    with pytest.raises(DocumentMismatch, match="not UTF-8 text"):
        find_source_document(dataset_file, provenance(DOCUMENT_NAME))


def test_a_link_that_leads_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("not for the dataset\n", encoding="utf-8")
    folder = tmp_path / "dataset"
    folder.mkdir()
    dataset_file = dataset_beside(folder)
    (folder / DOCUMENT_NAME).symlink_to(secret)
    with pytest.raises(DocumentMismatch, match="leads out of the dataset's folder"):
        find_source_document(dataset_file, provenance(DOCUMENT_NAME))


def test_a_linked_dataset_finds_the_document_beside_its_target(tmp_path: Path) -> None:
    # As data/calcifications.yaml links to the package's copy, beside its linked document.
    real = tmp_path / "real"
    real.mkdir()
    dataset_file = dataset_beside(real, DOCUMENT)
    links = tmp_path / "links"
    links.mkdir()
    (links / "calcifications.yaml").symlink_to(dataset_file)
    (links / DOCUMENT_NAME).symlink_to(real / DOCUMENT_NAME)
    found = find_source_document(links / "calcifications.yaml", provenance(DOCUMENT_NAME))
    assert found is not None
    assert found.text == DOCUMENT
