/* The compilation page: keeps the table live and the propose forms tidy. No dependencies, no
 * inline script (CSP-safe).
 *
 * Every 3 seconds, while the tab is visible, it asks the server for the table body
 * (data-rows-url, with since=<the stamp it has>: 204 and no body when nothing changed). The
 * answer's X-Compilation-Stamp says whether anything changed; if so the
 * tbody is replaced, unless the user is busy in the table (a field has focus, or an open
 * <details> or a status form holds typed text): then it only says "New proposals — refresh"
 * and waits for the click. Open <details> stay open across a replacement. Polling stops when
 * the page is left and resumes if it is shown again from the back/forward cache. */
(function () {
  "use strict";
  var table = document.getElementById("compilation");
  if (!table) return;
  var live = document.getElementById("cmp-live");
  var refreshButton = document.getElementById("cmp-refresh");
  var summary = document.getElementById("cmp-summary");
  var heading = document.getElementById("cmp-version");
  var incorporate = document.getElementById("cmp-incorporate");
  var url = table.getAttribute("data-rows-url");
  var stamp = table.getAttribute("data-stamp");  // what the table shows
  var seen = stamp;  // the latest stamp the server gave (ahead of ``stamp`` while the user types)
  var PERIOD = 3000;
  var timer = null;
  var stopped = false;
  var inFlight = false;

  // --- the propose forms -------------------------------------------------------------------
  var WORDING_LABELS = {
    amend: "New wording", insert: "The new paragraph", alternative: "Alternative (to stand in brackets)",
  };

  function showKind(form) {
    var select = form.querySelector("select.cmp-kind");
    if (!select) return;
    var kind = select.value;
    form.setAttribute("data-kind", kind);
    var area = form.querySelector("textarea[name=text]");
    if (area) {
      var current = area.getAttribute("data-current") || "";
      if ((kind === "insert" || kind === "alternative") && area.value === current) area.value = "";
      if (kind === "amend" && !area.value.trim()) area.value = current;
      var label = form.querySelector(".cmp-wording-name");
      if (label && WORDING_LABELS[kind]) label.textContent = WORDING_LABELS[kind];
    }
  }

  function fillMoveOptions(details) {
    var select = details.querySelector("select[data-options]");
    if (!select || select.getAttribute("data-filled")) return;
    var source = document.getElementById(select.getAttribute("data-options"));
    var own = details.closest("tr") ? details.closest("tr").getAttribute("data-lineage") : "";
    if (!source) return;
    Array.prototype.forEach.call(source.content.querySelectorAll("option"), function (option) {
      if (option.value !== own) select.appendChild(option.cloneNode(true));
    });
    select.setAttribute("data-filled", "1");
  }

  function prepare(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form.cmp-propose-form"), showKind);
  }

  function showPart(select) {
    // proposing on a sub-paragraph: its words become the starting wording (unless already edited)
    var area = select.form.querySelector("textarea[name=text]");
    var option = select.options[select.selectedIndex];
    if (!area || !option) return;
    var before = area.getAttribute("data-current") || "";
    var now = option.getAttribute("data-text") || "";
    area.setAttribute("data-current", now);
    if (area.value === before || !area.value.trim()) area.value = now;
    showKind(select.form);
  }

  table.addEventListener("change", function (event) {
    if (!event.target.matches) return;
    if (event.target.matches("select.cmp-kind")) showKind(event.target.form);
    if (event.target.matches("select.cmp-part")) showPart(event.target);
  });
  table.addEventListener("toggle", function (event) {  // toggle does not bubble: listen while capturing
    if (event.target.matches && event.target.matches("details.cmp-propose") && event.target.open) fillMoveOptions(event.target);
  }, true);
  prepare(table);

  // --- is the user in the middle of something? ---------------------------------------------
  function changed(field) {
    if (field.tagName === "SELECT") {
      var initial = 0;
      for (var i = 0; i < field.options.length; i++) if (field.options[i].defaultSelected) { initial = i; break; }
      return field.selectedIndex !== initial;
    }
    if (field.type === "hidden") return false;
    return field.value !== field.defaultValue;
  }

  function busy() {
    var active = document.activeElement;
    if (active && table.contains(active) && active.matches("input, select, textarea")) return true;
    var fields = table.querySelectorAll("tbody input, tbody select, tbody textarea");
    for (var i = 0; i < fields.length; i++) {
      var details = fields[i].closest("details");
      if (details && !details.open) continue;  // typed text in a closed form: the user put it away
      if (changed(fields[i])) return true;
    }
    return false;
  }

  // --- polling -----------------------------------------------------------------------------
  function say(html) {
    if (!live) return;
    live.hidden = false;
    if (html !== null) live.firstChild.textContent = html;
  }

  function replace(tbody, newStamp) {
    var open = Array.prototype.map.call(table.querySelectorAll("details[open][id]"), function (d) { return d.id; });
    var old = table.querySelector("tbody");
    old.replaceWith(tbody);
    open.forEach(function (id) {
      var details = document.getElementById(id);
      if (details && table.contains(details)) { details.open = true; fillMoveOptions(details); }
    });
    prepare(tbody);
    stamp = seen = newStamp;
    table.setAttribute("data-stamp", stamp);
    if (summary && tbody.getAttribute("data-summary")) summary.textContent = tbody.getAttribute("data-summary");
    if (heading && tbody.getAttribute("data-version")) heading.textContent = tbody.getAttribute("data-version");  // the text moved on
    if (tbody.getAttribute("data-version-label")) table.setAttribute("aria-label", "Compilation of " + tbody.getAttribute("data-version-label"));
    if (incorporate) {
      var n = parseInt(tbody.getAttribute("data-accepted") || "0", 10);
      incorporate.textContent = "Incorporate agreed proposals" + (n ? " (" + n + ")" : "");
    }
    if (live) live.hidden = true;
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = "<table>" + html + "</table>";
    return template.content.querySelector("tbody");
  }

  function stop(message) {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    if (message && live) {
      live.hidden = false;
      live.firstChild.textContent = message + " — ";
    }
  }

  function poll(force) {
    timer = null;
    if (stopped || inFlight) return;
    if (document.visibilityState !== "visible" && !force) { schedule(); return; }
    if (!force && seen !== stamp && !busy()) force = true;  // a change held back while the user typed: show it now
    inFlight = true;
    var asked = force ? url : url + (url.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(seen);
    fetch(asked, { credentials: "same-origin", cache: "no-store", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        var newStamp = response.headers.get("X-Compilation-Stamp");
        if (response.status === 204 && newStamp) return null;  // nothing new since the last look
        if (!response.ok || !newStamp) {
          // logged out, or the current text is not readable here any more
          stop("This page is out of date");
          return null;
        }
        if (newStamp === stamp && !force) return null;
        return response.text().then(function (html) {
          var tbody = parse(html);
          if (!tbody) return;
          if (!force && busy()) {  // never wipe what the user is typing: say so instead
            seen = newStamp;
            say("New proposals — ");
            return;
          }
          replace(tbody, newStamp);
        });
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ })
      .then(function () { inFlight = false; schedule(); });
  }

  function schedule() {
    if (stopped || timer) return;
    timer = setTimeout(poll, PERIOD);
  }

  if (refreshButton) {
    refreshButton.addEventListener("click", function () {
      if (stopped) { window.location.reload(); return; }
      if (timer) { clearTimeout(timer); timer = null; }
      poll(true);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !stopped && !inFlight) {
      if (timer) { clearTimeout(timer); timer = null; }
      poll(false);
    }
  });
  window.addEventListener("pagehide", function () { stopped = true; if (timer) clearTimeout(timer); timer = null; });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { stopped = false; schedule(); }
  });
  schedule();
})();
