// The home page: a file dropped on the box is put into the form's file input, then sent.
"use strict";
(function () {
  const drop = document.getElementById("drop");
  const input = document.getElementById("file");
  const name = document.getElementById("drop-name");
  if (!drop || !input) return;
  const show = () => { name.textContent = input.files && input.files[0] ? input.files[0].name : ""; };
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
  });
})();
