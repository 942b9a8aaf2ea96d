"""The Chinese and English messages of ``schema lint`` and ``schema release``, by finding code."""

from __future__ import annotations

from ..check.messages import register_templates

LINT_TEMPLATES: dict[str, tuple[str, str]] = {
    "lint.json": ("不是有效的 JSON：{detail}", "not valid JSON: {detail}"),
    "lint.meta_schema": ("不符合 JSON Schema 2020-12 元模式：{detail}",
                         "fails the JSON Schema 2020-12 meta-schema: {detail}"),
    "lint.keywords": ("不符合本项目 x- 关键字的元模式（meta/x-keywords.schema.json）：{detail}",
                      "fails our x- keyword meta-schema (meta/x-keywords.schema.json): {detail}"),
    "lint.ref": ("$ref 指向不存在的位置：{ref}", "$ref points to nothing: {ref}"),
    "lint.title_missing": ("{what} 缺少中文标题（title）", "{what} has no Chinese title (title)"),
    "lint.title_en_missing": ("{what} 缺少英文标题（x-title-en）", "{what} has no English title (x-title-en)"),
    "lint.label_duplicate": ("同级标题“{label}”重复（首次出现在 {other}）",
                             "the label {label!r} repeats a sibling's (first at {other})"),
    "lint.row_order": ("行列顺序不完整：required 应按 properties 的顺序列出每一项；缺少 {missing}，多出 {extra}",
                       "row order incomplete: required must list every child in the order of properties; "
                       "missing {missing}, unknown {extra}"),
    "lint.column_group": ("x-column-groups 引用了表中不存在的列 {column}",
                          "x-column-groups names {column}, which is not a column of the table"),
    "lint.beside": ("x-beside 应指向叙述部分，{section!r} 不是",
                    "x-beside must name a narrative section; {section!r} is not"),
    "lint.identity_cell": ("勾稽规则 {rule} 引用了 {pointer}，该单元格不存在",
                           "identity {rule} names {pointer}, which is not a cell"),
    "lint.identity_duplicate": ("勾稽规则编号 {rule} 重复（首次出现在 {other}）",
                                "identity id {rule} is used twice (first at {other})"),
    "lint.edition": ("x-edition 应为 {expected!r}（文件所在目录），实际为 {found!r}",
                     "x-edition should be {expected!r} (the folder it is in), found {found!r}"),
    "lint.version": ("x-schema-version 应为 {expected!r}（发布的版本），实际为 {found!r}",
                     "x-schema-version should be {expected!r} (the version released), found {found!r}"),
    "lint.id": ("$id 应为 {expected}，实际为 {found!r}", "$id should be {expected}, found {found!r}"),
    "lint.released_changed": (
        "已发布的版本 {edition} {version} 在发布后被修改：SHA-256 为 {found}，manifest.json 记录的是 {expected}；"
        "已发布的版本不可修改，请恢复该文件，把修改做在工作副本中并发布新版本",
        "released version {edition} {version} was changed after its release: its SHA-256 is {found}, "
        "manifest.json records {expected}; a released version is never edited: restore the file, make the "
        "change in the working copy and release a new version"),
    "lint.released_missing": ("已发布的版本 {edition} {version} 的文件缺失", "the file of released version "
                              "{edition} {version} is missing"),
    "lint.unlisted": ("{folder} 不在 manifest.json 中：版本只能用 disclosure-kit schema release 发布",
                      "{folder} is not in manifest.json: versions are made by disclosure-kit schema release only"),
    "lint.manifest": ("manifest.json 无法使用：{detail}", "manifest.json cannot be used: {detail}"),
    "lint.unreleased": ("工作副本与已发布的 {version} 不同：有尚未发布的修改（发布：disclosure-kit schema release "
                        "{edition} 新版本号）",
                        "the working copy differs from released {version}: it has unreleased changes (to release: "
                        "disclosure-kit schema release {edition} NEW-VERSION)"),
    "lint.version_by_hand": ("工作副本的版本号 {version} 尚未发布，最新发布的是 {latest}；版本号由 schema release 设置",
                             "the working copy says version {version}, which is not released (latest: {latest}); "
                             "the version number is set by schema release"),
    "lint.changelog": ("CHANGELOG.md 缺少 {edition} {version} 的条目（标题行“## {edition} {version} — 日期”）",
                       "CHANGELOG.md has no entry for {edition} {version} (a heading '## {edition} {version} — "
                       "date')"),
    "lint.migration": ("迁移规则引用了 {where} 中不存在的 {pointer}", "the migration names {pointer}, which does "
                       "not exist in {where}"),
    "lint.migration_file": ("迁移规则文件无法使用：{detail}", "the migration file cannot be used: {detail}"),
}

register_templates(LINT_TEMPLATES)
