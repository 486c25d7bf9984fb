/* Import preview: warn before a "Restore" throws away corrections (it reads the source again). */
(function () {
  "use strict";
  var form = document.querySelector("form.import-preview");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function (event) {
    if (event.target.name !== "title" && event.target.name !== "para_text") return;
    dirty = true;
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "para_kind" || event.target.name === "join" || event.target.name === "title") dirty = true;
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.restore");
    if (!button) return;
    if (!dirty && form.dataset.corrected !== "true") return;
    var message = "Restoring line " + button.value + " reads the text again from the source: " +
      "the joins, splits, kind changes and edits you made on this page will be undone. Restore it?";
    if (!window.confirm(message)) event.preventDefault();
  });
})();
