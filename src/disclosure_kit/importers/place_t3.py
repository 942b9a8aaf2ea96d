"""Stage 5 for tables three and four: rows by label or by the official row order, columns by header.

Table three's header decides the columns when it names fewer than all seven (columns cut off the
page: the values go under the columns named, by grid position where the source has one, and the
others are absent) or names all seven in one printed row in an unusual order. Otherwise its values
come in the official order, as every complete row of seven does.
"""

from __future__ import annotations

from .cells import Sheet
from .headers import T3Header
from .labels import label_index
from .matching import Matched, T3Line
from .tokens import Run, Tok, trim_values, values_text


class _Columns:
    """The columns table three's values come in, and how to pick a run's values for them."""

    def __init__(self, header: T3Header | None, lines: list[T3Line], official: list[str]) -> None:
        self.keys = official
        self.grid: dict[int, str] = {}
        self.cut: list[str] = []
        if header is None or not header.named:
            return
        named = header.keys
        if set(named) == set(official):
            self.keys = named if header.one_row else official
            return
        widths = {len(trim_values(line.values, len(official))) for line in lines}
        if len(official) in widths:
            return  # complete rows: the header lost a cell, the table did not
        self.keys = named
        self.cut = [c for c in official if c not in named]
        if header.grid:
            for key, tok in header.named:
                for col in range(tok.col or 0, (tok.col or 0) + tok.span):
                    self.grid[col] = key

    @property
    def width(self) -> int:
        return len(self.keys)

    def values(self, line: T3Line) -> list[Tok]:
        """The line's values in column order: by grid column when both header and cells have one."""
        if self.grid and line.values and all(v.col is not None for v in line.values):
            picked: dict[str, Tok] = {}
            for v in line.values:
                key = self.grid.get(v.col)  # type: ignore[arg-type]
                if key is not None and key not in picked:
                    picked[key] = v
            if len(picked) == self.width:
                return [picked[k] for k in self.keys]
        return trim_values(line.values, self.width)


def place_t3(sheet: Sheet, matched: Matched) -> tuple[list[str], bool]:
    """Place table-three rows by label, and unlabelled complete rows by the official row order.

    Returns the data rows placed and whether values of the other edition's layout were found.
    """
    ed = sheet.edition
    index = label_index()
    t3_key = index.table_keys["t3"]
    seq = index.t3_sequence[ed.id]
    columns = _Columns(matched.t3_header, matched.t3_lines, index.t3_columns[ed.id])
    width = columns.width
    if columns.cut:
        _columns_absent(sheet, t3_key, columns)
    sheet.printed.update(f"/{t3_key}/{path}" for path in matched.t3_printed)
    anchored: dict[int, int] = {}  # id of the line -> its row's index in ``seq``
    ordered: list[tuple[T3Line, list[Tok]]] = []
    foreign = False
    last_idx = -1
    for line in matched.t3_lines:
        values = columns.values(line)
        row = line.rows[0] if line.rows else None
        if row is not None and row.path not in seq:
            if len(values) == width and row.data and not columns.cut:
                # a data row of the other edition only (（六）其他处理 as one row in a 2021 report)
                foreign = True
                other = next(iter(row.data))
                for col, tok in zip(columns.keys, values, strict=True):
                    sheet.unplace(other, f"/{t3_key}/{row.path}/{col}", tok, "layout of the other edition")
            continue  # otherwise a group label (三、本年度办理结果, （三）不予公开…): no cells
        if len(values) != width:
            if row is not None:
                pointer = f"/{t3_key}/{row.path}"
                sheet.say("import.values_ambiguous", "warning", (line.label or values[0]).origin, pointer,
                          row=row.label, found=len(values), expected=width, text=values_text(values),
                          columns_zh="、".join(_labels(columns.keys, "zh")),
                          columns_en=", ".join(_labels(columns.keys, "en")), header=_seen(matched.t3_header),
                          basis_zh="表头" if columns.cut else "官方列序", basis_en="the header" if columns.cut
                          else "the official order")
                sheet.keep_row(pointer, values, found=len(values), expected=width)
            elif any(v.value is not None and not v.value.blank for v in values):
                sheet.say("import.value_unplaced", "warning", values[0].origin, text=values_text(values))
                sheet.unplace_run(t3_key, values, "no label")
            continue
        if row is not None:
            idx = seq.index(row.path)
            if idx <= last_idx:
                sheet.say("import.value_unplaced", "warning", values[0].origin, text=values_text(values))
                sheet.unplace_run(t3_key, values, "row out of order")
                continue
            anchored[id(line)] = last_idx = idx
        ordered.append((line, values))
    placed = _walk(sheet, ordered, anchored, seq, columns.keys, t3_key)
    return placed, foreign


def _labels(keys: list[str], lang: str) -> list[str]:
    heads = {c.key: c for c in label_index().t3_heads}
    return [(heads[k].en if lang == "en" else heads[k].label) if k in heads else k for k in keys]


def _seen(header: T3Header | None) -> str:
    return " | ".join(t.text for _, t in header.named) if header and header.named else "—"


def _columns_absent(sheet: Sheet, t3_key: str, columns: _Columns) -> None:
    sheet.absent.append({"reason": "columns", "pointers": [f"/{t3_key}"], "columns": columns.cut})
    sheet.say("import.columns_absent", "warning", None, f"/{t3_key}",
              named_zh="、".join(_labels(columns.keys, "zh")), named_en=", ".join(_labels(columns.keys, "en")),
              absent_zh="、".join(_labels(columns.cut, "zh")), absent_en=", ".join(_labels(columns.cut, "en")))


def _walk(sheet: Sheet, ordered: list[tuple[T3Line, list[Tok]]], anchored: dict[int, int], seq: list[str],
          cols: list[str], t3_key: str) -> list[str]:
    """Walk the runs in document order; unlabelled runs between two anchors take the official rows
    between them only when their number leaves exactly one possibility."""
    ed = sheet.edition
    index = label_index()
    placed: list[str] = []
    prev = -1
    gap: list[tuple[T3Line, list[Tok]]] = []

    def label(i: int) -> str:
        return next(r.label for r in index.t3_rows if r.path == seq[i]) if 0 <= i < len(seq) else "—"

    def flush(next_idx: int, at_end: bool) -> None:
        if not gap:
            return
        if len(gap) == next_idx - prev - 1 and (not at_end or next_idx == len(seq)):
            for k, (_, values) in enumerate(gap):
                path = seq[prev + 1 + k]
                sheet.say("import.label_inferred", "warning", values[0].origin, f"/{t3_key}/{path}",
                          text=values_text(values), before=label(prev), after=label(next_idx), row=label(prev + 1 + k))
                for col, tok in zip(cols, values, strict=True):
                    sheet.place(ed.cell_by_pointer[f"/{t3_key}/{path}/{col}"], tok, inferred=True)
                placed.append(path)
        else:
            for _, values in gap:
                sheet.say("import.value_unplaced", "warning", values[0].origin, text=values_text(values))
                sheet.unplace_run(t3_key, values, "no label")
        gap.clear()

    for line, values in ordered:
        idx = anchored.get(id(line))
        if idx is None:
            gap.append((line, values))
            continue
        flush(idx, at_end=False)
        path = seq[idx]
        for col, tok in zip(cols, values, strict=True):
            sheet.place(ed.cell_by_pointer[f"/{t3_key}/{path}/{col}"], tok)
        placed.append(path)
        if line.label is not None and line.how != "exact":
            sheet.say("import.label_variant", "info", line.label.origin, f"/{t3_key}/{path}",
                      text=line.label.text, official=line.rows[0].label)
        prev = idx
    flush(len(seq), at_end=True)
    return placed


def place_t4(sheet: Sheet, runs: list[Run]) -> bool:
    """Table four by position: exactly fifteen values in the region, or one complete row of them."""
    cells = label_index().t4_cells[sheet.edition.id]
    table = f"/{cells[0].table.key}"
    if not runs:
        return False
    flat = [t for r in runs for t in r.values]
    if len(flat) != len(cells):
        # empty cells written as lone separators before or after the values are no values
        flat = [t for r in runs if any(v.value is not None and not v.value.blank for v in r.values) for t in r.values]
    chosen: list[Tok] | None = None
    if len(flat) == len(cells):
        chosen = flat
    else:
        whole = [r for r in runs if len(trim_values(r.values, len(cells))) == len(cells)]
        if len(whole) == 1:
            chosen = trim_values(whole[0].values, len(cells))
    if chosen is None:
        sheet.say("import.values_ambiguous", "warning", flat[0].origin if flat else None, table,
                  row=cells[0].table.label.zh, found=len(flat), expected=len(cells), text=values_text(flat),
                  columns_zh="官方列序", columns_en="the official order", header="—",
                  basis_zh="官方列序", basis_en="the official order")
        if flat:
            sheet.keep_row(table, flat, found=len(flat), expected=len(cells))
        return False
    for cell, tok in zip(cells, chosen, strict=True):
        sheet.place(cell, tok)
    return True
