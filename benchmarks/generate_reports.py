"""Generate N synthetic but plausible annual reports of both editions, with known injected errors.

    python benchmarks/generate_reports.py N OUT [--seed S] [--error-rate R] [--yaml-share Y]

Writes ``OUT/reports/<group>/<agency>-<year>.json|yaml`` and ``OUT/manifest.json``. Agencies
report for runs of consecutive years (2019–2020 in the 2019 edition, 2021 on in the 2021 edition);
every clean report satisfies every identity of its edition, and consecutive years agree on the
carry-over (二、上年结转 = last year's 四、结转下年度继续办理) and on 现行有效件数. Some agencies
write their name with varying spaces or full-width brackets from year to year, and some carry an
agency code and are renamed once: the dataset must still link their years.

A share of agencies (``--error-rate``) gets exactly one injected error; the manifest lists, for
each, the findings a correct ``disclosure-kit dataset`` run must produce (file, code, pointer),
and nothing else may be found. The kinds:

* ``identity``: one （一）予以公开 cell +d: breaks that row's total and that column's sum of results;
* ``blank``: 行政强制 decisions set to null (a blank, not 0): one ``cell.blank`` warning;
* ``schema``: a negative 行政复议 结果维持 count: one ``schema.minimum`` error;
* ``unreadable``: the file cut in the middle: one ``load.syntax`` error;
* ``edition``: an unknown edition "2018": one ``edition.unknown`` error;
* ``carry_over``: last year of a run, one column's carried-over and carried-forward both +d (so the
  report is consistent in itself): ``crossyear.xy-carry-over`` for that column and for 总计;
* ``in_force``: last year of a run in the 2021 edition, 规章 现行有效件数 +d: ``crossyear.xy-in-force``;
* ``duplicate``: a second copy of a report under another name: ``dataset.duplicate`` on the copy.

Cell paths come from the schema (``editions.py``); only the ids of the cells this generator
manipulates are written here. No label is.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import orjson
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from disclosure_kit.model.editions import Edition, get_edition

COLS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_services_org", "other_org")
CITIES = ("临州市", "安平市", "青川市", "云溪市", "长宁市", "东陵市", "南浦市", "西岭市", "北塘市", "嘉禾市",
          "松阳市", "柳江市", "白沙市", "石门市", "桃源市", "永安市", "清河市", "平湖市", "凤城市", "金川市")
COUNTIES = ("", "城关区", "新华区", "东城区", "西城区", "河口区", "山阳县", "平原县", "溪口县", "沙河县",
            "龙泉县", "高塘县", "宁远县", "长乐县", "安定县", "和平区", "江北区", "江南区", "双桥区", "湖滨区",
            "望江县", "青石县", "红岩县", "黄山区", "碧水县", "临江县", "梅岭县", "柏林县", "枫桥县", "竹溪县")
DEPTS = ("人民政府", "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
         "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
         "文化广电和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
         "林业局", "城市管理局", "退役军人事务局", "人民政府办公室", "行政审批局", "信访局", "粮食和物资储备局",
         "地方金融监督管理局")
KINDS = ("identity", "blank", "schema", "unreadable", "edition", "carry_over", "in_force", "duplicate")


def edition_of(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


def agency_name(i: int) -> str:
    name = CITIES[i % len(CITIES)] + COUNTIES[(i // len(CITIES)) % len(COUNTIES)]
    name += DEPTS[(i // (len(CITIES) * len(COUNTIES))) % len(DEPTS)]
    span = len(CITIES) * len(COUNTIES) * len(DEPTS)
    return name if i < span else f"{name}（第{i // span}分局）"


def variant(name: str, rng: random.Random) -> str:
    """The same agency written differently: a space or an ideographic space inside the name."""
    cut = rng.randrange(1, len(name))
    return name[:cut] + rng.choice((" ", "\u3000")) + name[cut:]


def put(report: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = report
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def get(report: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        report = report[key]
    return report


class Chain:
    """What a report hands on to the next year of the same agency."""

    def __init__(self) -> None:
        self.carried_forward: dict[str, int] | None = None
        self.in_force: dict[str, int] = {}


def build_report(edition: Edition, year: int, agency: str, code: str | None, chain: Chain,
                 rng: random.Random) -> dict[str, Any]:
    report: dict[str, Any] = {"edition": edition.id, "schema_version": edition.version}
    report["meta"] = {
        "agency": agency, "agency_code": code, "year": year,
        "published": f"{year + 1}-01-{rng.randint(10, 31):02d}",
        "title": f"{agency}{year}年政府信息公开工作年度报告",
    }
    report["overview"] = f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。"
    for cell in edition.cells:
        if cell.kind == "money":
            value: Any = {"value": round(rng.uniform(0, 5000), 2), "unit": "万元"}
        elif cell.kind == "amount":
            value = round(rng.uniform(0, 50), 3)
        elif cell.kind == "signed":
            value = rng.randint(-20, 20)
        else:
            value = rng.randint(0, 300)
        put(report, cell.path, value)
    _plausible_changes(report)
    _table_two(report, edition, chain, rng)
    _table_three(report, edition, chain, rng)
    _table_four(report, rng)
    report["problems"] = "一是政策解读形式较为单一；二是依申请公开答复规范化水平有待提高。"
    report["other_matters"] = "本年度未收取信息处理费。"
    return report


def _plausible_changes(report: dict[str, Any]) -> None:
    """本年增/减 within last year's count, as the schema's plausibility rules expect (no number drawn,
    so every other value of the run stays the same)."""
    for block in report.get("active_disclosure", {}).values():
        for row in block.values():
            if isinstance(row, dict) and "change" in row and "prior_year_items" in row:
                row["change"] = max(-row["prior_year_items"], min(row["change"], row["prior_year_items"]))


def _table_two(report: dict[str, Any], edition: Edition, chain: Chain, rng: random.Random) -> None:
    if edition.id != "2021":
        chain.in_force = {}
        return
    block = report["active_disclosure"]["article_20_1"]
    for row in ("regulations", "normative_documents"):
        before = chain.in_force.get(row, rng.randint(0, 80))
        issued, repealed = rng.randint(0, 8), rng.randint(0, min(before, 4))
        block[row] = {"issued": issued, "repealed": repealed, "in_force": before + issued - repealed}
        chain.in_force[row] = block[row]["in_force"]


def _table_three(report: dict[str, Any], edition: Edition, chain: Chain, rng: random.Random) -> None:
    apps = report["applications"]
    leaves = [c.path for c in edition.cells
              if c.path[:2] == ("applications", "results") and c.path[2] != "total" and c.path[-1] == "total"]
    leaves = [p[:-1] for p in leaves]
    carried_over = chain.carried_forward or {c: rng.randint(0, 3) for c in COLS}
    for row in ("new_received", "carried_over", "carried_forward"):
        apps[row] = {}
    for path in leaves:
        put(report, path, {})
    apps["results"]["total"] = {}
    for col in COLS:
        if col == "natural_person":
            new = rng.randint(0, 400)
        else:
            new = rng.choice((0, 0, rng.randint(0, 5), rng.randint(0, 200)))
        available = new + carried_over[col]
        forward = rng.randint(0, min(available, 6))
        processed = available - forward
        weights = [rng.random() ** 3 for _ in leaves]
        scale = sum(weights) or 1.0
        shares = [int(processed * w / scale) for w in weights]
        shares[0] += processed - sum(shares)
        for path, share in zip(leaves, shares, strict=True):
            get(report, path)[col] = share
        apps["new_received"][col] = new
        apps["carried_over"][col] = carried_over[col]
        apps["carried_forward"][col] = forward
        apps["results"]["total"][col] = processed
    for row in [("applications", "new_received"), ("applications", "carried_over"),
                ("applications", "carried_forward"), ("applications", "results", "total"), *leaves]:
        node = get(report, row)
        node["total"] = sum(node[c] for c in COLS)
    chain.carried_forward = {c: apps["carried_forward"][c] for c in COLS}


def _table_four(report: dict[str, Any], rng: random.Random) -> None:
    rl = report["review_litigation"]
    for group in (rl["review"], rl["litigation"]["direct"], rl["litigation"]["after_review"]):
        for key in ("upheld", "corrected", "other", "pending"):
            group[key] = rng.choice((0, 0, rng.randint(0, 12)))
        group["total"] = group["upheld"] + group["corrected"] + group["other"] + group["pending"]


def _expected_identity(edition: Edition, pointer: str) -> list[str]:
    """Rule ids of the identities a change of this one cell breaks (read from the schema)."""
    return sorted({i.code for i in edition.identities if any(t.cell.pointer == pointer for t in i.terms)})


def generate(n: int, out: Path, seed: int = 1, error_rate: float = 0.05, yaml_share: float = 0.1) -> dict[str, Any]:
    """Write N report files (plus injected duplicates) and return the manifest."""
    rng = random.Random(seed)
    reports_dir = out / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    expected: list[dict[str, Any]] = []
    injected: list[dict[str, Any]] = []
    written = 0
    agency = 0
    kind_turn = 0
    while written < n:
        name = agency_name(agency)
        code = f"11{agency:014d}X" if agency % 5 == 0 else None
        start = rng.randint(2019, 2024)
        length = min(rng.randint(1, 2026 - start), n - written)
        years = list(range(start, start + length))
        inject = rng.random() < error_rate
        kind = None
        if inject:
            # pick the next kind that this run of years can hold
            for step in range(len(KINDS)):
                candidate = KINDS[(kind_turn + step) % len(KINDS)]
                if candidate == "carry_over" and len(years) < 2:
                    continue
                if candidate == "in_force" and (len(years) < 2 or years[-2] < 2021):
                    continue
                kind = candidate
                kind_turn = (kind_turn + step + 1) % len(KINDS)
                break
        target_year = years[-1] if kind in ("carry_over", "in_force") else rng.choice(years)
        chain = Chain()
        group = f"g{agency // 100:04d}"
        renamed = code is not None and len(years) > 1 and rng.random() < 0.5
        for year in years:
            edition = get_edition(edition_of(year))
            written_name = name
            if code is None and rng.random() < 0.3:
                written_name = variant(name, rng)
            if renamed and year == years[-1]:
                written_name = name + "（更名）"
            report = build_report(edition, year, written_name, code, chain, rng)
            suffix = ".yaml" if rng.random() < yaml_share else ".json"
            rel = f"{group}/a{agency:06d}-{year}{suffix}"
            text = _dump(report, suffix)
            if kind is not None and year == target_year:
                text, found = _inject(kind, report, edition, rel, suffix, text, rng, reports_dir)
                injected.append({"kind": kind, "file": rel})
                expected.extend(found)
            path = reports_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
            written += 1
        agency += 1
    manifest = {"n": n, "seed": seed, "error_rate": error_rate, "files": written + sum(
        1 for i in injected if i["kind"] == "duplicate"), "agencies": agency, "injected": injected,
        "expected_findings": sorted(expected, key=lambda e: (e["file"], e["code"], e["pointer"]))}
    (out / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    return manifest


def _dump(report: dict[str, Any], suffix: str) -> bytes:
    if suffix == ".yaml":
        return yaml.safe_dump(report, allow_unicode=True, sort_keys=False).encode("utf-8")
    return orjson.dumps(report)


def _inject(kind: str, report: dict[str, Any], edition: Edition, rel: str, suffix: str, text: bytes,
            rng: random.Random, reports_dir: Path) -> tuple[bytes, list[dict[str, Any]]]:
    """Apply one error to a report; return its new text and the findings it must cause."""
    def finding(code: str, pointer: str, file: str = rel) -> dict[str, Any]:
        return {"file": file, "code": code, "pointer": pointer}

    apps = report["applications"]
    if kind == "identity":
        col = rng.choice(COLS)
        apps["results"]["disclosed"][col] += rng.randint(1, 9)
        pointer = f"/applications/results/disclosed/{col}"
        return _dump(report, suffix), [finding(code, pointer) for code in _expected_identity(edition, pointer)]
    if kind == "blank":
        report["active_disclosure"]["article_20_6"]["coercion"]["decisions"] = None
        return _dump(report, suffix), [finding("cell.blank", "/active_disclosure/article_20_6/coercion/decisions")]
    if kind == "schema":
        report["review_litigation"]["review"]["upheld"] = -rng.randint(1, 9)
        return _dump(report, suffix), [finding("schema.minimum", "/review_litigation/review/upheld")]
    if kind == "unreadable":
        return text[: len(text) // 2], [finding("load.syntax", "")]
    if kind == "edition":
        report["edition"] = "2018"
        return _dump(report, suffix), [finding("edition.unknown", "/edition")]
    if kind == "carry_over":
        col = rng.choice(COLS)
        d = rng.randint(1, 9)
        for row in ("carried_over", "carried_forward"):
            apps[row][col] += d
            apps[row]["total"] += d
        return _dump(report, suffix), [finding("crossyear.xy-carry-over", f"/applications/carried_over/{c}")
                                       for c in (col, "total")]
    if kind == "in_force":
        report["active_disclosure"]["article_20_1"]["regulations"]["in_force"] += rng.randint(1, 9)
        return _dump(report, suffix), [
            finding("crossyear.xy-in-force", "/active_disclosure/article_20_1/regulations/in_force")]
    if kind == "duplicate":
        stem, ext = rel.rsplit(".", 1)
        copy = f"{stem}~copy.{ext}"  # "~" sorts after ".", so the copy comes second
        (reports_dir / copy).parent.mkdir(parents=True, exist_ok=True)
        (reports_dir / copy).write_bytes(text)
        return text, [finding("dataset.duplicate", "/meta", copy)]
    raise ValueError(kind)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of reports")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--error-rate", type=float, default=0.05)
    parser.add_argument("--yaml-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    manifest = generate(args.n, args.out, args.seed, args.error_rate, args.yaml_share)
    print(f"{manifest['files']} files, {manifest['agencies']} agencies, {len(manifest['injected'])} injected errors, "
          f"{len(manifest['expected_findings'])} expected findings -> {args.out}")


if __name__ == "__main__":
    main()
