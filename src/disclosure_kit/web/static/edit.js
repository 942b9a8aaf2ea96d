// The editor: an input in every cell of the official tables (drawn by the server), identities
// re-checked as the clerk types, derivable totals offered (the `fill` rule: an identity with
// exactly one blank term determines it), a draft kept in this browser, the full check and the
// downloads done by the server on the report sent with the request. Rules come only from the
// edition model (/api/v1/editions/<edition>/model); no rule is written here.
"use strict";
(async function () {
  const root = document.getElementById("editor");
  if (!root) return;
  const edition = root.dataset.edition;
  const lang = root.dataset.lang === "en" ? "en" : "zh";
  const W = JSON.parse(document.getElementById("words").textContent);
  const model = await (await fetch(root.dataset.model)).json();
  const KEY = "disclosure-kit:draft:" + edition;
  const cellByPointer = new Map(model.cells.map((c) => [c.pointer, c]));

  // ---------------------------------------------------------------- the report as data
  const pathOf = (pointer) => pointer.split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  const getAt = (data, pointer) => {
    let node = data;
    for (const key of pathOf(pointer)) {
      if (node === null || typeof node !== "object" || !(key in node)) return undefined;
      node = node[key];
    }
    return node;
  };
  const setAt = (data, pointer, value) => {
    const keys = pathOf(pointer);
    let node = data;
    keys.slice(0, -1).forEach((key) => {
      if (node[key] === null || typeof node[key] !== "object") node[key] = {};
      node = node[key];
    });
    node[keys[keys.length - 1]] = value;
  };
  const cellValue = (data, cell) => {
    const raw = getAt(data, cell.pointer);
    return raw !== null && typeof raw === "object" && "value" in raw ? raw.value : raw;
  };
  const setCell = (data, cell, value) => {
    if (cell.kind === "money") {
      const old = getAt(data, cell.pointer);
      setAt(data, cell.pointer, value === null ? null : { value, unit: old && old.unit ? old.unit : cell.unit });
    } else {
      setAt(data, cell.pointer, value);
    }
  };

  let report;
  const stored = localStorage.getItem(KEY);
  if (root.dataset.new || !stored) {
    report = structuredClone(model.blank);
    const clean = new URL(location.href);
    clean.searchParams.delete("new");
    history.replaceState(null, "", clean.toString());
  } else {
    try { report = JSON.parse(stored); } catch (e) { report = structuredClone(model.blank); }
  }
  const saved = document.getElementById("saved");
  const save = () => {
    localStorage.setItem(KEY, JSON.stringify(report));
    saved.textContent = W.saved + " · " + new Date().toLocaleTimeString();
  };

  // ---------------------------------------------------------------- inputs in the tables
  const parse = (text) => {
    const t = text.trim();
    if (t === "") return null;
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;  // anything else is kept: the full check names it
  };
  const shown = (value) => (value === null || value === undefined ? "" : String(value));
  const inputs = new Map();
  document.querySelectorAll("table.official td[data-pointer]").forEach((td) => {
    const cell = cellByPointer.get(td.dataset.pointer);
    if (!cell) return;
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.autocomplete = "off";
    input.dataset.pointer = cell.pointer;
    input.setAttribute("aria-label", cell.label[lang]);
    input.title = cell.label[lang];
    input.value = shown(cellValue(report, cell));
    td.textContent = "";
    td.appendChild(input);
    inputs.set(cell.pointer, input);
    input.addEventListener("input", () => { setCell(report, cell, parse(input.value)); changed(); });
    input.addEventListener("keydown", (e) => navigate(e, input));
  });
  document.querySelectorAll("[data-meta]").forEach((el) => {
    const key = el.dataset.meta;
    const meta = report.meta && typeof report.meta === "object" ? report.meta : (report.meta = {});
    el.value = shown(meta[key]);
    el.addEventListener("input", () => {
      const t = el.value.trim();
      meta[key] = t === "" ? null : el.type === "number" && /^\d+$/.test(t) ? Number(t) : el.value;
      changed();
    });
  });
  document.querySelectorAll("[data-narrative]").forEach((el) => {
    const key = el.dataset.narrative;
    el.value = shown(report[key]);
    el.addEventListener("input", () => { report[key] = el.value.trim() === "" ? null : el.value; changed(); });
  });

  // ---------------------------------------------------------------- keyboard: a spreadsheet's moves
  const rowOf = (input) => input.closest("tr");
  const tableOf = (input) => input.closest("table");
  const centre = (el) => { const b = el.getBoundingClientRect(); return b.left + b.width / 2; };
  const rowsWithInputs = (table) => [...table.querySelectorAll("tr")].filter((tr) => tr.querySelector("input"));
  const vertical = (input, step) => {
    const rows = rowsWithInputs(tableOf(input));
    const next = rows[rows.indexOf(rowOf(input)) + step];
    if (!next) return null;
    const x = centre(input);
    return [...next.querySelectorAll("input")].reduce((best, el) =>
      Math.abs(centre(el) - x) < Math.abs(centre(best) - x) ? el : best);
  };
  const all = () => [...inputs.values()];
  const horizontal = (input, step) => { const list = all(); return list[list.indexOf(input) + step] || null; };
  function navigate(e, input) {
    let target = null;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if (e.key === "ArrowDown" || (e.key === "Enter" && !e.shiftKey)) target = vertical(input, 1);
    else if (e.key === "ArrowUp" || (e.key === "Enter" && e.shiftKey)) target = vertical(input, -1);
    else if (e.key === "ArrowLeft" && atStart) target = horizontal(input, -1);
    else if (e.key === "ArrowRight" && atEnd) target = horizontal(input, 1);
    else return;
    e.preventDefault();
    if (target) { target.focus(); target.select(); }
  }

  // ---------------------------------------------------------------- identities, as the clerk types
  const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
  const invalid = (cell, v) => v !== null && v !== undefined && (!isNumber(v) ||
    (cell.kind === "count" && (v < 0 || !Number.isInteger(v))) || (cell.kind === "signed" && !Number.isInteger(v)) ||
    ((cell.kind === "amount" || cell.kind === "money") && v < 0));
  const fits = (cell, v) => (cell.kind === "signed" ? Number.isInteger(v) : v >= 0 &&
    (cell.kind === "count" ? Number.isInteger(v) : cell.kind === "amount"));
  const terms = (identity) => identity.left.concat(identity.right);
  const exact = (v) => Math.round(v * 1e9) / 1e9;

  // The `fill` rule to a fixed point: totals from their parts first, other terms after.
  function derive(values) {
    const out = new Map(values);
    const bad = new Set([...values].filter(([p, v]) => invalid(cellByPointer.get(p), v)).map(([p]) => p));
    const refused = new Set();
    const offers = [];
    let changedAny = true;
    while (changedAny) {
      changedAny = false;
      for (const totalsOnly of [true, false]) {
        for (const identity of model.identities) {
          if (changedAny) break;
          const ts = terms(identity);
          if (ts.some((t) => bad.has(t.pointer) || cellByPointer.get(t.pointer).kind === "money")) continue;
          const vals = ts.map((t) => out.get(t.pointer));
          if (vals.some((v) => v === undefined)) continue;
          const blanks = vals.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
          if (blanks.length !== 1 || !vals.every((v, i) => i === blanks[0] || isNumber(v))) continue;
          const b = blanks[0];
          const target = ts[b];
          if (refused.has(target.pointer) || (totalsOnly && !(b === 0 && identity.left.length === 1))) continue;
          const n = identity.left.length;
          const side = b < n ? 1 : -1;
          let total = 0;
          ts.forEach((t, i) => { if (i !== b) total += side * (i < n ? 1 : -1) * t.sign * vals[i]; });
          const value = exact(-total * target.sign);
          const cell = cellByPointer.get(target.pointer);
          if (!fits(cell, value)) { refused.add(target.pointer); continue; }
          out.set(target.pointer, value);
          offers.push({ pointer: target.pointer, value, identity });
          changedAny = true;
        }
        if (changedAny) break;
      }
    }
    return offers;
  }

  function broken(values) {
    const out = [];
    for (const identity of model.identities) {
      const ts = terms(identity);
      const vals = ts.map((t) => values.get(t.pointer));
      if (!vals.every(isNumber)) continue;
      const sum = (side) => exact(side.reduce((s, t) => s + t.sign * values.get(t.pointer), 0));
      const left = sum(identity.left);
      const right = sum(identity.right);
      if (left !== right) out.push({ identity, left, right });
    }
    return out;
  }

  const text = (tag, content, cls) => {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  };
  const side = (list) => list.map((t, i) => (i === 0 ? (t.sign < 0 ? "−" : "") : t.sign < 0 ? " − " : " + ") + t.label[lang]).join("");

  function recheck() {
    const values = new Map(model.cells.map((c) => [c.pointer, cellValue(report, c)]));
    document.querySelectorAll("td.broken, td.offer").forEach((td) => td.classList.remove("broken", "offer"));
    inputs.forEach((input) => { input.placeholder = ""; });
    const live = document.getElementById("live");
    live.textContent = "";
    for (const b of broken(values)) {
      terms(b.identity).forEach((t) => inputs.get(t.pointer).parentElement.classList.add("broken"));
      const li = text("li", "", b.identity.severity);
      li.dataset.code = b.identity.code;
      li.appendChild(text("strong", b.identity.label[lang]));
      li.appendChild(text("span", `：${side(b.identity.left)} = ${b.left}，${side(b.identity.right)} = ${b.right}，` +
        (lang === "en" ? `difference ${exact(b.left - b.right)}` : `相差 ${exact(b.left - b.right)}`)));
      live.appendChild(li);
    }
    const offers = derive(values);
    const box = document.getElementById("offers");
    box.textContent = "";
    if (!offers.length) { box.appendChild(text("p", W.no_offers)); return; }
    const ul = document.createElement("ul");
    offers.forEach((o) => {
      const input = inputs.get(o.pointer);
      input.placeholder = String(o.value);
      input.parentElement.classList.add("offer");
      const li = text("li", `${cellByPointer.get(o.pointer).label[lang]} = ${o.value} `);
      li.dataset.pointer = o.pointer;
      const accept = text("button", W.accept);
      accept.type = "button";
      accept.className = "accept";
      accept.addEventListener("click", () => acceptOffers([o]));
      li.appendChild(accept);
      ul.appendChild(li);
    });
    const acceptAll = text("button", W.accept_all);
    acceptAll.type = "button";
    acceptAll.id = "accept-all";
    acceptAll.addEventListener("click", () => acceptOffers(offers));
    box.appendChild(ul);
    box.appendChild(acceptAll);
  }
  function acceptOffers(offers) {
    offers.forEach((o) => {
      setCell(report, cellByPointer.get(o.pointer), o.value);
      inputs.get(o.pointer).value = String(o.value);
    });
    changed();
  }

  // ---------------------------------------------------------------- the full check, on the server
  let timer = null;
  let asked = 0;
  async function serverCheck() {
    const mine = ++asked;
    const answer = await fetch("/api/v1/validate?lang=" + lang, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(report) });
    if (mine !== asked) return;
    const box = document.getElementById("server");
    box.textContent = "";
    if (!answer.ok) { box.appendChild(text("p", (await answer.json()).title || String(answer.status))); return; }
    const result = (await answer.json()).files[0];
    const blank = result.findings.filter((f) => f.code === "cell.blank").length;
    box.appendChild(text("p", `${result.errors} ${W.errors} · ${result.warnings} ${W.warnings}`, "server-counts"));
    const ul = document.createElement("ul");
    ul.id = "server-findings";
    result.findings.filter((f) => f.code !== "cell.blank").forEach((f) => {
      const li = text("li", "", f.severity);
      li.dataset.code = f.code;
      li.appendChild(text("code", f.code));
      li.appendChild(text("span", " " + f.message));
      const input = inputs.get(f.pointer) || inputs.get(f.pointer.replace(/\/value$/, ""));
      if (input) li.addEventListener("click", () => input.focus());
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (blank) box.appendChild(text("p", W.blank_group.replace("{n}", blank), "blank-group"));
  }
  function changed() {
    save();
    recheck();
    clearTimeout(timer);
    timer = setTimeout(serverCheck, 300);
  }

  // ---------------------------------------------------------------- downloads and discard
  document.querySelectorAll("form.download").forEach((form) => {
    form.addEventListener("submit", () => {
      form.elements.report.value = JSON.stringify(report);
      const meta = report.meta || {};
      form.elements.name.value = [meta.agency, meta.year].filter((x) => x).join("-") || "report";
    });
  });
  document.getElementById("discard").addEventListener("click", () => {
    localStorage.removeItem(KEY);
    location.href = "/edit?edition=" + edition + "&new=1&lang=" + lang;
  });

  recheck();
  serverCheck();
  root.dataset.ready = "1";
})();
