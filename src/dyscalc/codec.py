"""The dataset as plain data in the file's own shape: for `export` and the parse cache.

`to_document` writes what the schema reads, so an exported file validates and loads
back to an equal Dataset. `from_trusted_document` is only for data this package wrote
itself (the cache); anything else goes through the schema checks.
"""

from __future__ import annotations

from typing import Any

from dyscalc.model import (
    Category,
    Citation,
    Dataset,
    Entry,
    EntryKind,
    EvidenceSource,
    Provenance,
    Reference,
    Statement,
    Topic,
)


def to_document(dataset: Dataset) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": dataset.schema_version,
        "title": dataset.title,
        "version": dataset.version,
        "provenance": _without_none(
            {"document": dataset.provenance.document, "note": dataset.provenance.note}
        ),
    }
    if dataset.categories:
        document["categories"] = [{"id": c.id, "name": c.name} for c in dataset.categories]
    document["topics"] = [
        {
            "id": topic.id,
            "title": topic.title,
            "statements": [
                {
                    "id": s.id,
                    "source": s.source.value,
                    "text": s.text,
                    "citations": list(s.citations),
                }
                for s in topic.statements
            ],
        }
        for topic in dataset.topics
    ]
    document["causes"] = [_entry_document(entry) for entry in dataset.causes]
    document["conditions"] = [_entry_document(entry) for entry in dataset.conditions]
    document["citations"] = [
        {
            "id": c.number,
            "source": c.source.value,
            "reference": _reference_document(c.reference),
        }
        for c in dataset.citations
    ]
    return document


def _entry_document(entry: Entry) -> dict[str, Any]:
    document: dict[str, Any] = {"id": entry.id, "name": entry.name, "source": entry.source.value}
    if entry.category is not None:
        document["category"] = entry.category
    if entry.description is not None:
        document["description"] = entry.description
    if entry.examples:
        document["examples"] = list(entry.examples)
    document["citations"] = list(entry.citations)
    return document


def _reference_document(reference: Reference) -> dict[str, Any] | None:
    if not reference.is_given:
        return None
    document = _without_none(
        {
            "title": reference.title,
            "journal": reference.journal,
            "year": reference.year,
            "doi": reference.doi,
            "pmid": reference.pmid,
            "url": reference.url,
        }
    )
    if reference.authors:
        document["authors"] = list(reference.authors)
    return document


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def from_trusted_document(document: dict[str, Any]) -> Dataset:
    """Rebuild a Dataset from `to_document` output; raises KeyError/TypeError if it is not."""
    return Dataset(
        schema_version=document["schema_version"],
        title=document["title"],
        version=document["version"],
        provenance=Provenance(**document["provenance"]),
        categories=tuple(Category(**c) for c in document.get("categories", ())),
        topics=tuple(
            Topic(
                id=topic["id"],
                title=topic["title"],
                statements=tuple(
                    Statement(
                        id=s["id"],
                        topic=topic["id"],
                        source=EvidenceSource(s["source"]),
                        text=s["text"],
                        citations=tuple(s["citations"]),
                    )
                    for s in topic["statements"]
                ),
            )
            for topic in document["topics"]
        ),
        causes=tuple(_trusted_entry(e, "cause") for e in document["causes"]),
        conditions=tuple(_trusted_entry(e, "condition") for e in document["conditions"]),
        citations=tuple(
            Citation(
                number=c["id"],
                source=EvidenceSource(c["source"]),
                reference=_trusted_reference(c.get("reference")),
            )
            for c in document["citations"]
        ),
    )


def _trusted_entry(document: dict[str, Any], kind: EntryKind) -> Entry:
    return Entry(
        kind=kind,
        id=document["id"],
        name=document["name"],
        source=EvidenceSource(document["source"]),
        citations=tuple(document["citations"]),
        examples=tuple(document.get("examples", ())),
        description=document.get("description"),
        category=document.get("category"),
    )


def _trusted_reference(document: dict[str, Any] | None) -> Reference:
    if document is None:
        return Reference()
    return Reference(**{**document, "authors": tuple(document.get("authors", ()))})
