/* Logging out drops the editor drafts this user left unsaved in this browser, so the
   next person on a shared computer never sees them. Without JavaScript the form still
   logs out (the drafts are then kept, but only ever offered to the same user). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var prefix = document.body.dataset.draftPrefix;
    if (!prefix || !event.target.matches("form[data-logout]")) return;
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf(prefix) === 0) localStorage.removeItem(key);
      });
    } catch (e) { /* storage disabled: nothing was kept */ }
  });
})();
