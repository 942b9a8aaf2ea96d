"""Published reports (web pages, text, Markdown, OCR text, DOCX, PDF, our workbook) -> report data.

One source travels one way through five stages, each with its own module and type:

1. a reader (``html``, ``text``, ``docx``, ``pdf`` with ``pdf_*``) -> ``model.SourceDocument``;
2. ``tokens`` -> ``TokenStream``: every text as a ``Tok`` with its matching key folded once
   (``normalize``) and its value read (``values``), table rows as runs of values;
3. ``tables`` -> ``Layout``: the regions of tables 二, 三, 四, each run with its header rows;
4. ``matching`` (with ``labels``, the schema's labels, and ``headers``) -> ``Matched``: rows and
   header columns matched to the official ones, and each part's vote for an edition;
5. ``placing`` (with ``place_t2``, ``place_t3``, ``cells``, ``absent``) -> ``cells.Sheet``: values
   in the cells of the edition chosen by ``edition``, provenance, what is kept and what is absent.

``assemble`` runs them (with ``meta`` and ``narrative`` beside) and writes the report, its
``x-import`` record and its findings; ``run`` is the whole journey for one file, validation
included, every failure a finding.
"""
