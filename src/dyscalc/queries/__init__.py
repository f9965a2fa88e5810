"""Questions asked of a Dataset. Pure functions: they return frozen dataclasses and raise
NotFound or UsageError, and never print.

One module a family of questions, each with the result classes it returns:

- `entries`: the causes and the conditions
- `topics`: the topics and their statements
- `lookup`: anything by its id (`find`, `all_items`)
- `citation_index`: every citation with what cites it
- `text_search`: text search
- `quotes`: whether a passage occurs verbatim in the dataset and its source document
- `summaries`: the whole dataset: its info, the sources compared, the overview tree
- `source_view`: the source document as the dataset quotes it
- `common`: the evidence-source filter, the empty-text check and the did-you-mean they share

The package imports none of them: a dataclass costs a fraction of a millisecond to
create, and a CLI run needs the classes of one family only (docs/performance.md).
"""
