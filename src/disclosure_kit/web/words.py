"""The words of the pages themselves, in Chinese and English (labels of the format come from the schema)."""

from __future__ import annotations

from ..check.messages import pick

WORDS: dict[str, tuple[str, str]] = {
    "app": ("政府信息公开工作年度报告 校验与编辑", "Annual disclosure report: check and edit"),
    "switch": ("English", "中文"),
    "nav_check": ("校验报告", "Check a report"),
    "nav_edit": ("在线编辑", "Edit in the browser"),
    "nav_api": ("接口文档", "API"),
    "check_title": ("校验一份年度报告", "Check an annual report"),
    "check_intro": (
        "上传或拖入报告文件：YAML、JSON、导出的 Excel 工作簿，或已发布的报告（网页、文本、Word、PDF）；"
        "也可以直接粘贴 YAML 文本。文件只在本次校验中使用，服务器不保存任何报告。",
        "Upload or drop a report file: YAML, JSON, the exported Excel workbook, or a published report (web page, "
        "text, Word, PDF); or paste YAML text. The file is used for this check only; the server keeps no report.",
    ),
    "file": ("报告文件", "Report file"),
    "drop": ("把文件拖到这里，或点击选择", "Drop a file here, or click to choose"),
    "paste": ("或粘贴报告文本（YAML 或 JSON）", "Or paste the report text (YAML or JSON)"),
    "submit": ("开始校验", "Check"),
    "examples": ("示例报告", "Example reports"),
    "new_report": ("新建空白报告", "Start a blank report"),
    "edition": ("格式版本", "Edition"),
    "result_title": ("校验结果", "Check result"),
    "summary": ("概要", "Summary"),
    "errors": ("错误", "errors"),
    "warnings": ("警告", "warnings"),
    "infos": ("提示", "notes"),
    "first": ("先做什么", "What to do first"),
    "first_errors": ("先改正下列 {n} 个错误，从第一个开始：", "Fix these {n} errors first, starting with the first:"),
    "first_clean": ("没有错误，可以下载或发布。", "No errors: the report can be downloaded or published."),
    "blank_group": ("{n} 个单元格为空（空不等于 0，核对时按 0 计）",
                    "{n} cells are blank (blank is not 0; counted as 0 in the identities)"),
    "blank_hint": ("如确为 0，请填写 0。", "Write 0 where the figure is zero."),
    "findings": ("发现的问题", "Findings"),
    "other_findings": ("其他问题", "Other findings"),
    "import_findings": ("导入说明", "Import notes"),
    "no_findings": ("未发现问题。", "No findings."),
    "provenance": ("来源：", "Source: "),
    "downloads": ("下载", "Download"),
    "download_invalid": ("报告有错误：下载的文件名标有“有错误”",
                         "The report has errors: downloaded files are named as such"),
    "edit_this": ("在浏览器中编辑此报告", "Edit this report in the browser"),
    "edit_title": ("在线编辑年度报告", "Edit an annual report"),
    "edit_intro": (
        "在表格中填写数字，方向键、Tab、回车键移动；勾稽关系随输入即时核对。草稿保存在本浏览器中，服务器不保存；完成后请下载。",
        "Type the figures into the tables; move with the arrow keys, Tab and Enter. The identities are re-checked "
        "as you type. The draft is kept in this browser only, never on the server: download the result.",
    ),
    "start_2021": ("新建 2021 版报告", "New report, 2021 edition"),
    "start_2019": ("新建 2019 版报告", "New report, 2019 edition"),
    "offers": ("可自动计算的合计", "Totals that can be computed"),
    "accept": ("填入", "fill in"),
    "accept_all": ("全部填入", "fill in all"),
    "no_offers": ("暂无可计算的合计。", "No total can be computed yet."),
    "live": ("即时核对", "Live check"),
    "server_check": ("完整校验（与命令行相同）", "Full check (the same as the command line)"),
    "discard": ("放弃草稿", "Discard the draft"),
    "meta": ("报告信息", "Report information"),
    "saved": ("草稿已保存在本浏览器", "Draft saved in this browser"),
    "has_errors": ("有错误", "has-errors"),
}


def word(key: str, lang: str) -> str:
    """One word of the pages in ``lang``, chosen as the finding messages choose theirs."""
    return pick(WORDS[key], lang)


def words(lang: str) -> dict[str, str]:
    """Every word in ``lang``: what the templates and the editor's script read."""
    return {k: pick(pair, lang) for k, pair in WORDS.items()}
