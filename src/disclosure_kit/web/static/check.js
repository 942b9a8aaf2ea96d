// The result page: a finding focuses its cell, a cell's mark leads to its finding, and a value
// read from a published source shows where it was read (on hover and on keyboard focus).
"use strict";
(function () {
  const readJson = (id) => {
    const el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  };
  const provenance = readJson("provenance");
  const cells = new Map();
  document.querySelectorAll("td[data-pointer]").forEach((td) => cells.set(td.dataset.pointer, td));

  const focusCell = (pointer) => {
    const td = cells.get(pointer);
    if (!td) return;
    document.querySelectorAll("td.focused").forEach((c) => c.classList.remove("focused"));
    td.setAttribute("tabindex", "-1");
    td.classList.add("focused");
    td.scrollIntoView({ block: "center" });
    td.focus();
  };
  document.querySelectorAll("a.to-cell").forEach((a) => {
    a.addEventListener("click", (e) => { e.preventDefault(); focusCell(a.dataset.pointer); });
  });
  document.querySelectorAll("td[data-pointer] a.mark").forEach((mark) => {
    mark.addEventListener("click", () => {
      document.querySelectorAll(".note.current").forEach((n) => n.classList.remove("current"));
      const note = document.getElementById(mark.getAttribute("href").slice(1));
      if (note) note.classList.add("current");
    });
  });

  // provenance: a tooltip on hover and on focus, and the same text for screen readers
  const tip = document.createElement("div");
  tip.className = "tip"; tip.id = "provenance-tip"; tip.setAttribute("role", "tooltip"); tip.hidden = true;
  document.body.appendChild(tip);
  const lang = document.body.dataset.lang === "en" ? "en" : "zh";
  const prefix = document.getElementById("provenance").dataset.label || "";
  const show = (td) => {
    tip.textContent = prefix + provenance[td.dataset.pointer];
    const box = td.getBoundingClientRect();
    tip.style.left = (window.scrollX + box.left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 4) + "px";
    tip.hidden = false;
  };
  const hide = () => { tip.hidden = true; };
  cells.forEach((td, pointer) => {
    if (!provenance[pointer]) return;
    td.classList.add("has-source");
    if (!td.hasAttribute("tabindex")) td.setAttribute("tabindex", "0");
    td.setAttribute("aria-description", prefix + provenance[pointer]);
    td.addEventListener("mouseenter", () => show(td));
    td.addEventListener("focus", () => show(td));
    td.addEventListener("mouseleave", hide);
    td.addEventListener("blur", hide);
  });

  // "edit this report": hand the report to the editor through the browser's own storage
  const edit = document.getElementById("edit-this");
  if (edit) {
    edit.addEventListener("click", () => {
      const data = readJson("report-data");
      if (!data.report || !data.edition) return;
      localStorage.setItem("disclosure-kit:draft:" + data.edition, JSON.stringify(data.report));
      location.href = "/edit?edition=" + encodeURIComponent(data.edition) + "&lang=" + lang;
    });
  }
})();
