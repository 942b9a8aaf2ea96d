"""Finding codes of ``disclosure-kit import`` and their zh/en messages.

Registered at import time so that the same ``message(finding, lang)`` and JSON output serve import
findings and validation findings alike.
"""

from __future__ import annotations

from ..check.messages import register_templates

TEMPLATES: dict[str, tuple[str, str]] = {
    "import.label_unknown": (
        "未能识别的行标签“{text}”（其后有数值 {values}），未导入",
        "row label '{text}' not recognised (values {values} follow); not imported",
    ),
    "import.value_not_numeric": (
        "单元格内容“{text}”不是数字，按空白（null）导入",
        "cell text '{text}' is not a number; imported as blank (null)",
    ),
    "import.value_unit": (
        "单元格“{text}”的单位 {unit} 与格式规定的单位 {expected} 不同，按空白（null）导入",
        "cell '{text}' is in {unit}, the format asks for {expected}; imported as blank (null)",
    ),
    "import.values_ambiguous": (
        "行“{row}”有 {found} 个数值（{text}），应有 {expected} 个，无法确定各数值所在列，按空白导入",
        "row '{row}' has {found} values ({text}) where {expected} are expected; their columns cannot be "
        "told, imported as blank",
    ),
    "import.value_unplaced": (
        "数值 {text} 无法对应到表格中的单元格，未导入",
        "values {text} cannot be tied to a cell of the table; not imported",
    ),
    "import.label_inferred": (
        "数值 {text} 没有行标签，按官方行序位于“{before}”与“{after}”之间，导入为“{row}”",
        "values {text} have no row label; by the official row order they sit between '{before}' and "
        "'{after}', imported as '{row}'",
    ),
    "import.cell_missing": (
        "来源中没有以下行的数据（按空白导入）：{rows}",
        "the source has no data for these rows (imported as blank): {rows}",
    ),
    "import.table_missing": (
        "来源中没有表格“{table}”的数据（可能是图片或页面被截断），全部按空白导入",
        "the source has no data for table '{table}' (an image, or the page is cut short); all blank",
    ),
    "import.layout_mixed": (
        "版式混用：按 {edition} 版导入，但 {blocks} 使用了 {other} 版的版式；这些数值保存在 x-import.unplaced",
        "mixed layout: imported as the {edition} edition, but {blocks} use(s) the {other} layout; those "
        "values are kept under x-import.unplaced",
    ),
    "import.edition_chosen": (
        "按 {edition} 版导入（依据：{basis}）",
        "imported as the {edition} edition (basis: {basis})",
    ),
    "import.text_repaired": (
        "文本已修复：{what}",
        "text repaired: {what}",
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
        "sections not found in the source: {sections}",
    ),
    "import.source_unreadable": (
        "无法读取来源文件：{reason}",
        "cannot read the source file: {reason}",
    ),
    "import.unsupported": (
        "不支持的来源类型 {suffix}（支持 .html .htm .txt .md .docx .pdf .xlsx .png .jpg .tif）",
        "unsupported source type {suffix} (supported: .html .htm .txt .md .docx .pdf .xlsx .png .jpg .tif)",
    ),
    "import.output_exists": (
        "输出位置 {path} 不是目录，但有多个来源文件；请用 -o 指定目录",
        "output {path} is not a directory but there are several sources; give a directory with -o",
    ),
}

register_templates(TEMPLATES)
