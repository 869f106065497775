// The editor marks each part that has a review comment returned to the branch (the
// side panel lists them with data-review-anchor), again after every htmx swap.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".has-review-comment").forEach(function (el) {
      el.classList.remove("has-review-comment", "review-open");
    });
    document.querySelectorAll("[data-review-anchor]").forEach(function (item) {
      var part = document.getElementById(item.getAttribute("data-review-anchor"));
      if (!part) return;
      part.classList.add("has-review-comment");
      if (!item.classList.contains("resolved")) part.classList.add("review-open");
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
