"""Finding codes of ``disclosure-kit import`` and their zh/en messages.

Registered at import time so that the same ``message(finding, lang)`` and JSON output serve import
findings and validation findings alike. Every parameter that is not a quotation of the source has
a Chinese and an English form (``basis_zh``/``basis_en``), so each message is complete in either.
"""

from __future__ import annotations

from ..check.messages import register_templates

KEPT_ZH = "单元格留空（null），原文保存在 x-import.kept"
KEPT_EN = "the cell is left blank (null) and the printed text kept under x-import.kept"

TEMPLATES: dict[str, tuple[str, str]] = {
    "import.label_unknown": (
        "未能识别的行标签“{text}”（其后有数值 {values}），未放入单元格，原文保存在 x-import.unmatched",
        "row label '{text}' not recognised (values {values} follow); not placed, kept under x-import.unmatched",
    ),
    "import.value_not_numeric": (
        f"单元格内容“{{text}}”不是数字；{KEPT_ZH}",
        f"cell text '{{text}}' is not a number; {KEPT_EN}",
    ),
    "import.value_unit": (
        f"单元格“{{text}}”的单位 {{unit}} 与格式规定的单位 {{expected}} 不同，未换算；{KEPT_ZH}",
        f"cell '{{text}}' is in {{unit}}, the format asks for {{expected}}; not converted, {KEPT_EN}",
    ),
    "import.amount_in_count": (
        f"“{{text}}”是金额，而此列是数量（件/项）；{KEPT_ZH}，校验时会报告此单元格",
        f"'{{text}}' is an amount, and this column counts items; {KEPT_EN}, and validation reports the cell",
    ),
    "import.value_read": (
        "“{text}”读作 {value}（数字前的破折号视为负号）",
        "'{text}' read as {value} (the dash before the number taken as its minus sign)",
    ),
    "import.values_ambiguous": (
        "行“{row}”有 {found} 个数值（{text}），而按{basis_zh}应有 {expected} 列（识别出的列：{columns_zh}；"
        "表头原文：“{header}”），无法确定各数值所在列；整行留空，原值保存在 x-import.kept",
        "row '{row}' has {found} values ({text}) where {basis_en} gives {expected} columns (columns "
        "recognised: {columns_en}; header as printed: '{header}'); their columns cannot be told, so the row "
        "is left blank and the values kept under x-import.kept",
    ),
    "import.value_unplaced": (
        "数值 {text} 无法对应到表格中的单元格，未放入单元格，原文保存在 x-import.unmatched",
        "values {text} cannot be tied to a cell of the table; not placed, kept under x-import.unmatched",
    ),
    "import.label_inferred": (
        "数值 {text} 没有行标签，按官方行序位于“{before}”与“{after}”之间，导入为“{row}”",
        "values {text} have no row label; by the official row order they sit between '{before}' and "
        "'{after}', imported as '{row}'",
    ),
    "import.cell_missing": (
        "以下各项记为缺失（{why_zh}），不是空白，也不按 0 计：{rows_zh}",
        "recorded as absent ({why_en}), not blank and never counted as 0: {rows_en}",
    ),
    "import.table_missing": (
        "来源中没有这张表的数据（可能是图片、缺页，或文档在此之前结束），全部单元格记为缺失，不是空白",
        "the source has no data for this table (an image, a missing page, or the document ends before it); "
        "all its cells are recorded as absent, not blank",
    ),
    "import.columns_absent": (
        "表头只有这些列：{named_zh}；{absent_zh} 不在来源中（表格被截断），记为缺失，不是空白",
        "the header names only these columns: {named_en}; {absent_en} are not in the source (the table is "
        "cut), recorded as absent, not blank",
    ),
    "import.header_repaired": (
        "表头“{text}”不完整，{how_zh}识别为“{official}”",
        "header cell '{text}' is cut short; read as '{official}' ({official_en}) {how_en}",
    ),
    "import.layout_mixed": (
        "版式混用：按 {edition} 版导入，但 {blocks} 使用了 {other} 版的版式；这些数值保存在 x-import.unplaced",
        "mixed layout: imported as the {edition} edition, but {blocks} use(s) the {other} layout; those "
        "values are kept under x-import.unplaced",
    ),
    "import.edition_chosen": (
        "按 {edition} 版导入（依据：{basis_zh}）",
        "imported as the {edition} edition (basis: {basis_en})",
    ),
    "import.year_inferred": (
        "报告年度 {year} 是从“{text}”推断的（没有标题写明年度），据此按 {edition} 版导入；请核对",
        "the report year {year} is inferred from '{text}' (no title states it), and the {edition} edition "
        "follows from it; please check",
    ),
    "import.text_repaired": (
        "文本已修复：{what_zh}",
        "text repaired: {what_en}",
    ),
    "import.label_variant": (
        "标签“{text}”按“{official}”识别",
        "label '{text}' read as '{official}'",
    ),
    "import.meta_missing": (
        "来源中未找到报告信息：{fields}",
        "report information not found in the source: {fields}",
    ),
    "import.section_missing": (
        "来源中未找到章节：{sections}",
        "sections not found in the source: {sections_en}",
    ),
    "import.image": (
        "页面此处是一张图片（“{alt}”，{src}），其中的内容无法读取（需要文字识别），相应部分记为缺失",
        "the page shows an image here ('{alt}', {src}); what it holds cannot be read without OCR, and the "
        "parts of the report it may hold are recorded as absent",
    ),
    "import.source_unreadable": (
        "无法读取来源文件：{reason}",
        "cannot read the source file: {reason}",
    ),
    "import.unsupported": (
        "不支持的来源类型 {suffix}（支持 .html .htm .txt .md .docx .pdf .xlsx）",
        "unsupported source type {suffix} (supported: .html .htm .txt .md .docx .pdf .xlsx)",
    ),
    "import.output_exists": (
        "输出位置 {path} 不是目录，但有多个来源文件；请用 -o 指定目录",
        "output {path} is not a directory but there are several sources; give a directory with -o",
    ),
}

register_templates(TEMPLATES)
