/* The public opinion form: a live count of what is typed against the limit.
   The server refuses text over the limit and returns all of it, so the box has no
   maxlength (a browser would silently cut a long paste). Plain ES5, no library:
   it must run in WeChat's built-in browser on older phones. */
(function () {
  "use strict";

  // Count as the server does: one per character (a surrogate pair is one), a line break one.
  function length(text) {
    return text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "_").length;
  }

  function wire(box) {
    var max = parseInt(box.getAttribute("data-max-length"), 10);
    var out = document.getElementById(box.getAttribute("aria-describedby"));
    if (!max || !out) {
      return;
    }
    var over = null;
    function update() {
      var n = length(box.value);
      var isOver = n > max;
      out.textContent = isOver
        ? "已写" + n + "字，超出" + (n - max) + "字（最多" + max + "字），请删减后再提交"
        : "已写" + n + "字，最多" + max + "字";
      if (isOver !== over) {
        out.className = isOver ? "op-count op-over" : "op-count";
        over = isOver;
      }
    }
    box.addEventListener("input", update, false);
    update();
  }

  function start() {
    var boxes = document.querySelectorAll("textarea[data-max-length]");
    for (var i = 0; i < boxes.length; i++) {
      wire(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, false);
  } else {
    start();
  }
})();
