// The democratic evaluation's pages: on the ballot, how many members are graded so
// far; on the committee's grades page, the one-third warning as grades are picked.
// The server checks both again; without JavaScript the pages work the same.
(function () {
  "use strict";

  const ballot = document.querySelector("[data-ballot]");
  const count = document.getElementById("ev-count");
  if (ballot && count) {
    const total = Number(count.dataset.total);
    const update = function () {
      const done = ballot.querySelectorAll(".ev-member:not(.ev-committee) input:checked").length;
      count.textContent = done === total ? "已全部评定，可以投票。" : "已评定" + done + "人，还有" + (total - done) + "人未评定。";
    };
    ballot.addEventListener("change", update);
    update();
  }

  const grades = document.querySelector("[data-grades]");
  const warning = document.getElementById("ev-third");
  if (grades && warning) {
    const subjects = Number(warning.dataset.subjects);
    const shown = document.getElementById("ev-excellent");
    grades.addEventListener("change", function () {
      let excellent = 0;
      grades.querySelectorAll("select").forEach(function (select) {
        if (select.value === "excellent") {
          excellent += 1;
        }
      });
      shown.textContent = String(excellent);
      warning.classList.toggle("ev-hidden", excellent * 3 <= subjects);
    });
  }
})();
