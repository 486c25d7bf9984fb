/* Recording an action: live counts of pasted voting lists and "Add a statement".
 *
 * The count follows the server's rule (negotiation/forms.py, split_names): commas outside
 * parentheses separate names; line breaks and runs of spaces are one space, except after a
 * hyphen at the end of a line, which joins without one ("Timor-\nLeste"); a leading
 * "In favour:" and a final full stop are dropped; a last "A and B" is two names unless it is
 * one ("Trinidad and Tobago"). The server checks again: this only helps while typing.
 */
(function () {
  "use strict";
  var form = document.querySelector("form.action-form");
  if (!form) return;

  // --- names known to the page (the datalist), to tell "A and B" from "Trinidad and Tobago" ---
  function key(name) {
    var text = name.normalize ? name.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : name;
    text = text.replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").replace(/\s+/g, " ").trim().toLowerCase();
    return text.indexOf("the ") === 0 ? text.slice(4) : text;
  }
  var known = {};
  var options = document.querySelectorAll("#delegation-names option");
  for (var i = 0; i < options.length; i++) known[key(options[i].value)] = true;

  function isName(item) {
    var m = /^(.*?)\s*\(on behalf of .+\)$/.exec(item);
    return !!known[key(m ? m[1] : item)];
  }

  function topLevel(text, separator) {
    var positions = [], depth = 0, i = 0;
    while (i < text.length) {
      var ch = text.charAt(i);
      if (ch === "(") depth += 1;
      else if (ch === ")") depth = Math.max(0, depth - 1);
      else if (depth === 0 && text.substr(i, separator.length) === separator) {
        positions.push(i);
        i += separator.length;
        continue;
      }
      i += 1;
    }
    return positions;
  }

  function splitAnd(item) {
    var positions = topLevel(item, " and ");
    if (!positions.length || isName(item)) return [item];
    for (var i = 0; i < positions.length; i++) {
      var left = item.slice(0, positions[i]).trim(), right = item.slice(positions[i] + 5).trim();
      if (isName(left) && isName(right)) return [left, right];
    }
    return [item.slice(0, positions[positions.length - 1]).trim(), item.slice(positions[positions.length - 1] + 5).trim()];
  }

  function splitNames(text) {
    text = (text || "").replace(/-[ \t]*\r?\n\s*/g, "-");
    text = text.replace(/^\s*(?:in\s+favou?r|against|abstaining|abstentions?)\s*:\s*/i, "");
    text = text.replace(/\s+/g, " ").trim().replace(/[.;]+$/, "").trim();
    if (!text) return [];
    var pieces = [], start = 0, commas = topLevel(text, ",");
    for (var i = 0; i < commas.length; i++) {
      pieces.push(text.slice(start, commas[i]).trim());
      start = commas[i] + 1;
    }
    pieces.push(text.slice(start).trim());
    pieces = pieces.filter(function (p) { return p; });
    if (!pieces.length) return [];
    var last = pieces.pop();
    if (pieces.length && /^and /i.test(last)) last = last.slice(4).trim();
    return pieces.concat(splitAnd(last));
  }

  // --- the three voting lists ---
  var kind = form.querySelector("[name=vote_kind]");
  var areas = form.querySelectorAll("textarea.vote-names");

  function column(area) {
    var listKey = area.getAttribute("data-list");
    return {
      key: listKey,
      area: area,
      count: form.querySelector("input[data-count='" + listKey + "']"),
      shown: document.getElementById("count-" + listKey),
      mismatch: document.getElementById("mismatch-" + listKey)
    };
  }
  var columns = Array.prototype.map.call(areas, column);

  function update() {
    var lengths = columns.map(function (c) { return splitNames(c.area.value).length; });
    var listsUsed = lengths.some(function (n) { return n > 0; });
    if (listsUsed && kind && kind.value === "") kind.value = "recorded";
    columns.forEach(function (c, i) {
      var n = lengths[i];
      c.shown.textContent = c.area.value.trim() ? n + (n === 1 ? " name" : " names") : "";
      if (!c.count) return;
      if (listsUsed && (c.count.value === "" || c.count.getAttribute("data-auto") === "1")) {
        c.count.value = String(n);
        c.count.setAttribute("data-auto", "1");
      } else if (!listsUsed && c.count.getAttribute("data-auto") === "1") {
        c.count.value = "";
      }
      var label = c.key.replace("_", " ");
      var wrong = listsUsed && c.count.value !== "" && Number(c.count.value) !== n;
      var message = wrong ? "Count mismatch: " + n + (n === 1 ? " name" : " names") + " listed but " +
        c.count.value + " " + label + "." : "";
      if (c.mismatch.textContent !== message) c.mismatch.textContent = message;
      c.count.setAttribute("aria-invalid", wrong ? "true" : "false");
      c.area.parentNode.classList.toggle("mismatch", wrong);
    });
  }

  columns.forEach(function (c) {
    c.area.addEventListener("input", update);
    if (c.count) {
      c.count.addEventListener("input", function () {
        c.count.removeAttribute("data-auto");
        update();
      });
    }
  });

  // "Add a name": a typed or chosen name is appended to its list on Enter.
  var adders = form.querySelectorAll("input[data-adds]");
  Array.prototype.forEach.call(adders, function (input) {
    input.parentNode.hidden = false;
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var name = input.value.trim();
      if (!name) return;
      var area = document.getElementById(input.getAttribute("data-adds"));
      var current = area.value.replace(/[\s,]+$/, "");
      area.value = current ? current + ", " + name : name;
      input.value = "";
      update();
    });
  });

  update();

  // --- statements: clone the empty form, renumber, update TOTAL_FORMS, focus the new row ---
  var button = form.querySelector("button.add-statement");
  var template = document.getElementById("statement-template");
  var rows = document.getElementById("statement-rows");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var max = form.querySelector("input[name$='-MAX_NUM_FORMS']");
  var status = form.querySelector(".statement-status");
  if (!button || !template || !rows || !total) return;

  function full() {
    return max && Number(total.value) >= Number(max.value);
  }

  button.hidden = false;
  button.disabled = full();
  button.addEventListener("click", function () {
    if (full()) return;
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    button.disabled = full();
    if (status) status.textContent = "Statement " + (index + 1) + " added.";
    var first = row.querySelector("input, select, textarea");
    if (first) first.focus();
  });
})();
