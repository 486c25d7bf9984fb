// Polls until a background redline is ready, then reloads the page. No dependencies.
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var delay = 500;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.ready) { window.location.reload(); return; }
        if (data.unavailable) {
          var note = box.querySelector("p");
          if (note) note.textContent = data.unavailable;
        }
        delay = Math.min(delay * 1.5, 4000);
        setTimeout(poll, delay);
      })
      .catch(function () { setTimeout(poll, 4000); });
  }
  setTimeout(poll, delay);
})();
