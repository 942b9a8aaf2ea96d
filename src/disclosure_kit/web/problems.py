"""Errors of the HTTP service as ``application/problem+json`` (RFC 9457), keyed by our finding codes.

A client branches on ``code`` (``web.too_large``, ``load.syntax``, ``import.timeout`` …), the same
codes the command line prints, and shows ``title``, already in the asked language. When a report
or a source could not be used, ``findings`` lists them in the check-result shape.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from ..check.findings import Finding
from ..check.messages import message, register_templates

PROBLEM_TYPE = "https://disclosure-kit.org/problems/"
MEDIA_TYPE = "application/problem+json"

register_templates({
    "web.too_large": ("请求过大：超过上限 {limit} 字节", "the request is too large: over the limit of {limit} bytes"),
    "web.unsupported_media_type": (
        "不支持的内容类型「{media_type}」：请发送 JSON、YAML，或以 multipart/form-data 上传文件",
        "unsupported content type '{media_type}': send JSON, YAML, or upload a file as multipart/form-data",
    ),
    "web.unsupported_file": (
        "不支持的文件类型「{suffix}」；可上传：{known}",
        "unsupported file type '{suffix}'; accepted: {known}",
    ),
    "web.no_input": ("请求中没有报告或文件", "the request holds no report and no file"),
    "web.bad_form": ("无法读取上传的表单：{reason}", "the uploaded form cannot be read: {reason}"),
    "web.bad_parameter": ("参数 {name} 的值「{value}」无效；可用：{known}", "parameter {name}: '{value}' is not valid; "
                          "accepted: {known}"),
    "web.not_found": ("没有这个地址：{path}", "no such address: {path}"),
    "web.method_not_allowed": ("地址 {path} 不接受 {method} 请求", "{path} does not accept {method}"),
    "web.shutting_down": ("服务正在停止，这个请求未完成；请稍后重试", "the server is stopping; this request was not "
                          "finished: try again shortly"),
    "web.busy": ("正在导入的文件过多，请稍后再试", "too many imports are running; try again shortly"),
    "web.render_refused": (
        "报告有 {errors} 个错误，未生成文件；加 force=true 仍可生成（文件名标明有错误）",
        "the report has {errors} error(s) and was not rendered; add force=true to render it anyway "
        "(the file name says it has errors)",
    ),
    "web.renderer_unknown": ("没有名为「{name}」的渲染器；可用：{known}",
                             "no renderer named '{name}'; available: {known}"),
    "web.report_unreadable": ("报告无法读取或格式版本未知", "the report cannot be read or its edition is unknown"),
    "import.timeout": (
        "导入超过 {seconds} 秒仍未完成，已终止（文件可能异常复杂或已损坏）",
        "the import did not finish within {seconds} s and was stopped (the file may be abnormally complex or damaged)",
    ),
    "import.memory": (
        "导入所需内存超过 {limit_mib} MiB，已终止（文件可能是压缩炸弹或已损坏）",
        "the import needed more than {limit_mib} MiB of memory and was stopped "
        "(a decompression bomb or a damaged file)",
    ),
    "import.crashed": ("导入进程意外退出（{reason}）", "the import process ended unexpectedly ({reason})"),
})


class Problem(Exception):
    """Raised anywhere in a request; turned into a problem+json answer by the app's handler."""

    def __init__(self, status: int, code: str, findings: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params
        self.findings = findings
        self.headers = headers or {}


def problem_body(status: int, code: str, lang: str, params: dict[str, Any], instance: str = "",
                 findings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    title = message(Finding(code, "error", "", params=params), lang)
    body: dict[str, Any] = {"type": PROBLEM_TYPE + code, "title": title, "status": status, "code": code,
                            "params": params}
    if instance:
        body["instance"] = instance
    if findings is not None:
        body["findings"] = findings
    return body


def problem_response(problem: Problem, lang: str, instance: str = "") -> Response:
    body = problem_body(problem.status, problem.code, lang, problem.params, instance, problem.findings)
    return Response(orjson.dumps(body), status_code=problem.status, media_type=MEDIA_TYPE, headers=problem.headers)
