"""Published reports (web pages, text, Markdown, OCR text, DOCX, PDF, our workbook) -> report data.

A source travels: a reader (``html``, ``text``, ``docx``, ``pdf`` with ``pdf_*``) -> a
``SourceDocument`` (``model``) -> ``stream`` (text events and value runs) -> ``assemble``, which
matches ``labels`` read from the schema, places values (``placement``, ``placement_t2``,
``placement_t3``) and reads ``meta`` -> a report with provenance -> ``check``. ``run`` is that
whole journey for one file, every failure a finding.
"""
