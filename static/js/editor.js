/* The paragraph editor: insert, delete, move, live labels and numbering, live redline.
   Plain JS, no build step. User text is only ever read from and written to .value and
   .textContent; the redline HTML comes escaped from the server. Also: forms marked
   data-once submit once (a double click on "Join" posts one request), and text boxes
   (.ed-text, textarea.grow) are as tall as their text. */
(function () {
  "use strict";

  /* Text boxes as tall as their text: CSS `field-sizing: content` where the browser has it
     (editor.css), else heights set here on load, on input and when the width changes. Heights
     go through the CSSOM (element.style), which the strict CSP allows. */
  var GROW = ".ed-text, textarea.grow";
  var nativeSizing = null;
  function native(t) {
    if (nativeSizing === null) nativeSizing = window.getComputedStyle(t).getPropertyValue("field-sizing") === "content";
    return nativeSizing;
  }
  function growAll(boxes) {
    boxes = Array.prototype.filter.call(boxes, function (t) { return t.getClientRects().length && !native(t); });
    if (!boxes.length) return;
    var x = window.scrollX, y = window.scrollY;  /* "auto" shrinks the page for a moment */
    /* all writes, then all reads, then all writes: one layout for the whole page */
    var scroll = [];
    boxes.forEach(function (t) { t.style.height = "auto"; });
    boxes.forEach(function (t) {
      var css = window.getComputedStyle(t);
      scroll.push(t.scrollHeight + parseFloat(css.borderTopWidth) + parseFloat(css.borderBottomWidth));
    });
    boxes.forEach(function (t, i) { t.style.height = Math.ceil(scroll[i]) + "px"; t.classList.add("sized"); });
    if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
  }
  function grow(t) { growAll([t]); }
  var lastWidth = window.innerWidth, frame = null;
  function regrowAll() {
    if (frame) return;
    frame = window.requestAnimationFrame(function () { frame = null; growAll(document.querySelectorAll(GROW)); });
  }
  window.addEventListener("resize", function () {
    if (window.innerWidth !== lastWidth) { lastWidth = window.innerWidth; regrowAll(); }
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea.grow")) grow(event.target);
  });
  growAll(document.querySelectorAll("textarea.grow"));

  /* The conflict screen: writing one's own text chooses it. */
  document.querySelectorAll(".conflict-own textarea").forEach(function (t) {
    t.addEventListener("input", function () {
      var radio = t.closest(".conflict-own").querySelector("input[type=radio]");
      if (radio && !radio.checked) radio.checked = true;
    });
  });

  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      setTimeout(function () { form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });

  var form = document.getElementById("editor-form");
  if (!form) return;
  var list = document.getElementById("ed-list");
  var status = document.getElementById("ed-status");
  var maxChars = parseInt(form.dataset.maxChars, 10) || 20000;
  var dirty = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function clone(id) {
    var node = document.getElementById(id).content.firstElementChild.cloneNode(true);
    node.dataset.lineage = uuid();
    return node;
  }
  function letter(n) { return new Array(Math.floor((n - 1) / 26) + 2).join(String.fromCharCode(97 + (n - 1) % 26)); }
  function roman(n) {
    var out = "", table = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
    table.forEach(function (p) { while (n >= p[0]) { out += p[1]; n -= p[0]; } });
    return out;
  }
  function paras() { return Array.prototype.slice.call(list.children); }
  function kids(para, cls) { return Array.prototype.slice.call(para.querySelector("." + cls).children); }
  function name(node, label) {
    node.querySelectorAll(":scope > .ed-head [data-act]").forEach(function (b) { b.setAttribute("aria-label", b.dataset.name + " " + label); });
    node.querySelector(":scope > .ed-text").setAttribute("aria-label", "Text of " + label);
    var kind = node.querySelector(":scope > .ed-head .ed-kind, :scope > .ed-head .ed-level");
    if (kind) kind.setAttribute("aria-label", (kind.classList.contains("ed-kind") ? "Kind of " : "Level of ") + label);
  }
  function edges(nodes, up, down) {
    nodes.forEach(function (n, i) {
      n.querySelector("[data-act=" + up + "]").disabled = i === 0;
      n.querySelector("[data-act=" + down + "]").disabled = i === nodes.length - 1;
    });
  }

  /* PP1..n and OP1..n as they stand now; (a), (b) and (i), (ii) under each OP. */
  function renumber() {
    var pp = 0, op = 0, all = paras();
    all.forEach(function (p) {
      var kind = p.querySelector(".ed-kind").value;
      p.classList.toggle("kind-operative", kind === "operative");
      p.classList.toggle("kind-preambular", kind === "preambular");
      var label = kind === "operative" ? "OP" + (++op) : "PP" + (++pp);
      p.dataset.label = label;
      p.querySelector(":scope > .ed-head .ed-label").textContent = label;
      name(p, label);
      var a = 0, i = 0, subs = kids(p, "ed-subs");
      subs.forEach(function (s) {
        var n = s.querySelector(".ed-level").value === "2" ? "(" + roman(++i) + ")" : (i = 0, "(" + letter(++a) + ")");
        s.querySelector(".ed-label").textContent = n;
        name(s, label + " " + n);
      });
      edges(subs, "sub-up", "sub-down");
      kids(p, "ed-fns").forEach(function (f) {
        var label2 = "footnote " + (f.dataset.marker || "(new)") + " to " + label;
        f.querySelector(".ed-label").textContent = "Footnote " + (f.dataset.marker || "(new)");
        name(f, label2);
      });
    });
    edges(all, "up", "down");
    all.forEach(function (p) { p.querySelector("[data-act=delete]").disabled = all.length === 1; });
  }

  function count(textarea) {
    var note = textarea.nextElementSibling, n = textarea.value.length;
    if (n > maxChars * 0.9) {
      note.hidden = false;
      note.textContent = n.toLocaleString("en") + " of at most " + maxChars.toLocaleString("en") + " characters";
      note.classList.toggle("error-inline", n > maxChars);
    } else {
      note.hidden = true;
    }
  }
  function changed() {
    dirty = true;
    status.textContent = "Unsaved changes.";
    renumber();
    schedulePreview();
  }

  function newPara(kind) {
    var p = clone("tpl-para");
    p.querySelector(".ed-kind").value = kind;
    return p;
  }
  function focusText(node) { var t = node.querySelector(".ed-text"); grow(t); t.focus(); }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-act]");
    if (!button) return;
    var act = button.dataset.act, para = button.closest(".ed-para"), node;
    if (act === "top-pp" || act === "top-op") {
      node = newPara(act === "top-pp" ? "preambular" : "operative");
      list.insertBefore(node, list.firstElementChild);
    } else if (act === "add-pp" || act === "add-op") {
      node = newPara(act === "add-pp" ? "preambular" : "operative");
      para.after(node);
    } else if (act === "add-sub") {
      node = clone("tpl-sub");
      para.querySelector(".ed-subs").appendChild(node);
    } else if (act === "add-fn") {
      node = clone("tpl-fn");
      node.dataset.marker = "";
      para.querySelector(".ed-fns").appendChild(node);
    } else if (act === "up" || act === "down" || act === "sub-up" || act === "sub-down") {
      var item = act.indexOf("sub") === 0 ? button.closest(".ed-sub") : para;
      if (act.slice(-2) === "up" && item.previousElementSibling) item.previousElementSibling.before(item);
      else if (act.slice(-4) === "down" && item.nextElementSibling) item.nextElementSibling.after(item);
      changed();
      if (!button.disabled) button.focus();
      else item.querySelector("[data-act=" + (act.slice(-2) === "up" ? act.replace("up", "down") : act.replace("down", "up")) + "]").focus();
      return;
    } else if (act === "delete" || act === "sub-delete" || act === "fn-delete") {
      var gone = act === "delete" ? para : button.closest(act === "sub-delete" ? ".ed-sub" : ".ed-fn");
      var next = gone.nextElementSibling || gone.previousElementSibling || para;
      gone.remove();
      changed();
      if (next && next.isConnected) focusText(next);
      return;
    } else {
      return;
    }
    changed();
    focusText(node);
  });
  form.addEventListener("input", function (event) {
    if (event.target.classList.contains("ed-text")) { count(event.target); grow(event.target); }
    changed();
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches(".ed-kind, .ed-level")) changed();
  });
  form.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); form.requestSubmit(); }
  });

  function state() {
    return paras().map(function (p) {
      return {
        lineage: p.dataset.lineage,
        kind: p.querySelector(".ed-kind").value,
        text: p.querySelector(":scope > .ed-text").value,
        subparagraphs: kids(p, "ed-subs").map(function (s) {
          return { lineage: s.dataset.lineage, level: parseInt(s.querySelector(".ed-level").value, 10), text: s.querySelector(".ed-text").value };
        }),
        footnotes: kids(p, "ed-fns").map(function (f) {
          return { lineage: f.dataset.lineage, marker: f.dataset.marker || "", text: f.querySelector(".ed-text").value };
        })
      };
    });
  }
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.elements.state.value = JSON.stringify(state());
    status.textContent = "Saving…";
  });

  /* Live redline: the unsaved text against the last issued version, computed by the server. */
  var toggle = document.getElementById("ed-redline");
  var panel = document.getElementById("ed-redline-panel");
  var timer = null, inflight = null;
  function preview() {
    if (!panel || panel.hidden) return;
    var body = new FormData();
    body.append("state", JSON.stringify(state()));
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    if (inflight) inflight.abort();
    inflight = new AbortController();
    fetch(form.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin", signal: inflight.signal })
      .then(function (r) { return r.text(); })
      .then(function (html) { panel.querySelector(".ed-redline-body").innerHTML = html; })
      .catch(function (e) { if (e.name !== "AbortError") panel.querySelector(".ed-redline-body").textContent = "The redline could not be computed: " + e; });
  }
  function schedulePreview() { clearTimeout(timer); timer = setTimeout(preview, 500); }
  if (toggle) {
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
      document.querySelector(".ed-layout").classList.toggle("with-redline", !panel.hidden);
      regrowAll();  /* the text column is narrower or wider now */
      toggle.textContent = (panel.hidden ? "Show" : "Hide") + toggle.textContent.slice(4);
      preview();
    });
  }

  growAll(list.querySelectorAll(".ed-text"));
  list.querySelectorAll(".ed-text").forEach(count);
  renumber();
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !form.dataset.sent) { event.preventDefault(); event.returnValue = ""; }
  });
})();
