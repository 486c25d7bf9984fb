// "Print / PDF" buttons (data-print): a script file, not an onclick attribute, which the
// Content-Security-Policy (script-src 'self') would block. No dependencies.
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
