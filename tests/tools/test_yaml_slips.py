"""The usual YAML slips of a clerk, each located at the slip with its message in zh and en."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import EXAMPLES, run

BASE = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
AGENCY = '  agency: "临州市交通运输局"\n'
YEAR = "  year: 2023\n"

SLIPS = [
    ("full-width colon", AGENCY, "  agency：临州市交通运输局\n", 6, 9, "load.yaml_fullwidth_colon",
     "YAML 语法错误：键“agency”后面是全角冒号“：”；请改为半角冒号加空格，写作“agency: …”",
     "YAML syntax error: the key 'agency' is followed by a full-width colon '：'; write an ASCII colon and a space: "
     "'agency: …'"),
    ("full-width space after the colon", AGENCY, "  agency:\u3000临州市交通运输局\n", 6, 10,
     "load.yaml_fullwidth_space",
     "YAML 语法错误：键“agency”的冒号后面是全角空格“　”；请改为半角空格，写作“agency: …”",
     "YAML syntax error: the colon after the key 'agency' is followed by a full-width space '　'; use an ASCII "
     "space: 'agency: …'"),
    ("full-width space instead of the colon", AGENCY, "  agency\u3000临州市交通运输局\n", 6, 9,
     "load.yaml_key_fullwidth_space",
     "YAML 语法错误：键“agency”后面是全角空格“　”，缺少冒号；请写作“agency: …”",
     "YAML syntax error: the key 'agency' is followed by a full-width space '　' instead of a colon; write "
     "'agency: …'"),
    ("tab", YEAR, "\tyear: 2023\n", 7, 1, "load.yaml_tab",
     "YAML 语法错误：此处是制表符（Tab）；YAML 只能用空格缩进和分隔，请把 Tab 换成空格",
     "YAML syntax error: a tab character here; YAML indents and separates with spaces only: replace the tab with "
     "spaces"),
    ("missing space after the colon", YEAR, "  year:2023\n", 7, 8, "load.yaml_colon_space",
     "YAML 语法错误：键“year”的冒号后缺少空格；请写作“year: 2023”",
     "YAML syntax error: a space is missing after the colon of the key 'year'; write 'year: 2023'"),
    ("unclosed quote", AGENCY, '  agency: "临州市交通运输局\n', 6, 11, "load.yaml_unclosed_quote",
     'YAML 语法错误：从这里开始的引号 " 没有结束引号；请在这段文字末尾补上 "',
     'YAML syntax error: the quote " that starts here is never closed; add " at the end of the text'),
]


@pytest.mark.parametrize(("name", "old", "new", "line", "column", "code", "zh", "en"), SLIPS, ids=[s[0] for s in SLIPS])
def test_slip_is_located_and_explained(tmp_path: Path, name: str, old: str, new: str, line: int, column: int,
                                       code: str, zh: str, en: str) -> None:
    path = tmp_path / "r.yaml"
    assert BASE.count(old) == 1
    path.write_text(BASE.replace(old, new), encoding="utf-8")
    for lang, text in (("zh", zh), ("en", en)):
        result = run("validate", str(path), "--lang", lang)
        assert result.exit_code == 1
        severity = "错误" if lang == "zh" else "error"
        assert result.stdout.splitlines()[0] == f"{path}:{line}:{column}: {code} [{severity}] {text}"


def test_a_chain_of_slips_points_at_the_first(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(BASE.replace(AGENCY, "  agency：临州市交通运输局\n").replace(YEAR, "  year：2023\n"),
                    encoding="utf-8")
    assert run("validate", str(path)).stdout.startswith(f"{path}:6:9: load.yaml_fullwidth_colon ")


def test_other_syntax_errors_are_translated(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(BASE.replace(AGENCY, "  agency: [临州市\n"), encoding="utf-8")
    assert run("validate", str(path)).stdout.splitlines()[0] == f"{path}:7:7: load.syntax [错误] 语法错误：缺少“,”或“]”"
    assert run("validate", str(path), "--lang", "en").stdout.splitlines()[0] == (
        f"{path}:7:7: load.syntax [error] syntax error: did not find expected ',' or ']'")


def test_a_narrative_cut_by_a_comment_is_a_warning(tmp_path: Path) -> None:
    start = BASE.index("problems: |")
    end = BASE.index("other_matters:")
    text = BASE[:start] + "problems: 人员不足 #1 待改进：制度  # 五、存在的主要问题及改进情况\n" + BASE[end:]
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[:start].count("\n") + 1
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"{path}:{line}:16: text.cut_by_comment [警告] 表「五、存在的主要问题及改进情况」：正文写在冒号后的同一行，"
        "“ #”及之后的文字被当作注释，没有计入正文（被截去：“1 待改进：制度  # 五、存在的主要问题及改进情况”）；"
        "请改用块标量：冒号后写“|”，正文从下一行起缩进两个空格")
    en = run("validate", str(path), "--lang", "en").stdout.splitlines()[0]
    assert en.startswith(f"{path}:{line}:16: text.cut_by_comment [warning] table '5. Main problems and improvements': "
                         "the text is written on the key's line, so ' #' and everything after it is a comment")
    # our own label comment after a one-line text is not a cut
    fine = BASE[:start] + "problems: 无。  # 五、存在的主要问题及改进情况\n" + BASE[end:]
    path.write_text(fine, encoding="utf-8")
    assert run("validate", str(path)).stdout.splitlines()[0] == f"{path}: 通过"
