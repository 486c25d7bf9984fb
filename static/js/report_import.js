// The report import page: choose all / none, the count of chosen actions, and "show paragraph N
// in the text" (selects it in the textarea). The page works without it.
(function () {
  "use strict";
  var form = document.getElementById("ri-form");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type=checkbox][name=paragraph]'));
  var enabled = boxes.filter(function (b) { return !b.disabled; });
  var counter = document.getElementById("ri-chosen");

  function count() {
    if (!counter) { return; }
    var n = enabled.filter(function (b) { return b.checked; }).length;
    counter.textContent = n + " of " + boxes.length + " chosen";
  }

  var bulk = form.querySelector(".ri-bulk");
  if (bulk && enabled.length > 1) {
    bulk.hidden = false;
    bulk.addEventListener("click", function (event) {
      var button = event.target.closest("[data-ri-all]");
      if (!button) { return; }
      enabled.forEach(function (b) { b.checked = button.getAttribute("data-ri-all") === "1"; });
      count();
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "paragraph") { count(); }
  });

  var textarea = form.querySelector("textarea[name=text]");
  var source = form.querySelector("details.ri-source");

  function find(number) {
    var text = textarea.value;
    var match = new RegExp("(^|\\n)[ \\t]*" + number + "\\.[ \\t]").exec(text);
    if (!match) { return false; }
    var start = match.index + match[1].length;
    var next = text.slice(start).search(/\n[ \t]*\d+\.[ \t]/);
    var end = next > 0 ? start + next : Math.min(text.length, start + 400);
    if (source) { source.open = true; }
    // Put the caret at the paragraph, scroll the textarea to it, then select the paragraph.
    var lines = text.slice(0, start).split("\n").length - 1;
    var lineHeight = parseFloat(window.getComputedStyle(textarea).lineHeight) || 18;
    textarea.focus();
    textarea.setSelectionRange(start, start);
    textarea.scrollTop = Math.max(0, lines * lineHeight - textarea.clientHeight / 3);
    textarea.setSelectionRange(start, end);
    textarea.scrollIntoView({ block: "center" });
    return true;
  }

  if (textarea) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-ri-find]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (!find(button.getAttribute("data-ri-find"))) {
          button.textContent = "Not found in the text";
        }
      });
    });
  }
})();
