"""Stage 5: matched rows placed in the cells of the chosen edition, with provenance and what is absent.

Input: ``matching.Matched`` and the chosen edition. Output: the ``cells.Sheet`` holding the tables of
the report, the provenance of every cell, the printed values kept beside their cells, the values of
the other edition's layout, the absent parts, and the remarks made along the way.
"""

from __future__ import annotations

from ..model.editions import get_edition
from .absent import record_absent
from .cells import Sheet, skeleton
from .edition import Choice
from .matching import Matched
from .place_t2 import place_t2
from .place_t3 import place_t3, place_t4


def place_cells(matched: Matched, choice: Choice) -> Sheet:
    ed = get_edition(choice.edition)
    sheet = Sheet(ed, skeleton(ed))
    foreign_blocks = place_t2(sheet, matched) if matched.has_t2 else set()
    _, t3_foreign = place_t3(sheet, matched) if matched.has_t3 else ([], False)
    if matched.t4_runs is not None:
        place_t4(sheet, matched.t4_runs)
    mixed = sorted(b for b, e in choice.layout["blocks"].items() if e != ed.id)
    if foreign_blocks or t3_foreign or mixed:
        blocks = sorted(set(mixed) | foreign_blocks | ({"applications/other_handling"} if t3_foreign else set()))
        sheet.say("import.layout_mixed", "warning", None, "", edition=ed.id,
                  other="2019" if ed.id == "2021" else "2021", blocks=", ".join(blocks))
    record_absent(sheet, matched)
    return sheet
