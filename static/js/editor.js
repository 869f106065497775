/* The material editor's small behaviours: drafts that survive failures and reloads,
   a clear message when a save fails, and keyboard shortcuts. htmx does the rest. */
(function () {
  "use strict";
  var root = document.getElementById("editor");
  if (!root || !window.htmx) return;
  var prefix = "orglife:draft:" + root.dataset.material + ":";
  var alertBox = document.getElementById("editor-alert");

  function formValues(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (name in data) data[name] = [].concat(data[name], value);
      else data[name] = value;
    });
    return data;
  }

  function saveDraft(form) {
    try { localStorage.setItem(prefix + form.dataset.draft, JSON.stringify(formValues(form))); } catch (e) { /* storage full or disabled */ }
  }

  function dropDraft(form) {
    try { localStorage.removeItem(prefix + form.dataset.draft); } catch (e) { /* ignore */ }
  }

  function restoreDrafts(scope) {
    var forms = Array.prototype.slice.call(scope.querySelectorAll("form[data-draft]"));
    if (scope.matches && scope.matches("form[data-draft]")) forms.push(scope);
    forms.forEach(function (form) {
      var raw = null;
      try { raw = localStorage.getItem(prefix + form.dataset.draft); } catch (e) { return; }
      if (!raw) return;
      var data = JSON.parse(raw), restored = false;
      // A conflict form already holds this text, with the stored version as its base:
      // putting the draft's older base back would make every save conflict again.
      if (form.closest(".conflict") || form.hasAttribute("data-conflict")) return;
      Object.keys(data).forEach(function (name) {
        // The draft keeps the version it was typed against, so a save after a reload
        // still detects anything someone else saved meanwhile.
        var field = form.elements[name];
        if (!field) return;
        var values = [].concat(data[name]);
        if (field instanceof RadioNodeList || field.type === "checkbox") {
          var boxes = field instanceof RadioNodeList ? Array.prototype.slice.call(field) : [field];
          boxes.forEach(function (box) { var on = values.indexOf(box.value) !== -1; if (box.checked !== on) { box.checked = on; restored = true; } });
        } else if (field.value !== values[0]) {
          field.value = values[0];
          if (name !== "base") restored = true;
        }
      });
      if (restored && !form.querySelector(".draft-note")) {
        var note = document.createElement("p");
        note.className = "draft-note";
        note.textContent = "已恢复您上次未保存的内容。";
        form.insertBefore(note, form.firstChild.nextSibling);
      }
    });
  }

  function showAlert(text) {
    alertBox.textContent = text;
    alertBox.hidden = false;
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.dataset.draft) saveDraft(form);
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form[data-draft]") : null;
    var conflict = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Orglife-Conflict");
    if (form && event.detail.successful && !conflict && event.detail.requestConfig.verb === "post") {
      dropDraft(form);
      alertBox.hidden = true;
    }
  });

  // A conflict keeps the draft: discarding it is an explicit choice.
  document.body.addEventListener("click", function (event) {
    var discard = event.target.closest("[data-discard], [data-cancel]");
    if (!discard) return;
    var holder = discard.closest("[id]");
    var form = holder && (holder.matches("form[data-draft]") ? holder : holder.querySelector("form[data-draft]"));
    if (form) dropDraft(form);
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    showAlert("保存失败（服务器返回 " + event.detail.xhr.status + "）。您输入的内容仍在页面上，也已保存在本机浏览器中，请稍后重试。");
  });
  document.body.addEventListener("htmx:sendError", function () {
    showAlert("网络连接失败，未能保存。您输入的内容仍在页面上，也已保存在本机浏览器中，恢复网络后请再点保存。");
  });

  document.addEventListener("keydown", function (event) {
    var form = event.target.form;
    if (!form || !form.dataset.draft) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Escape") {
      var cancel = form.querySelector("[data-cancel]");
      if (cancel) { event.preventDefault(); cancel.click(); }
    }
  });

  htmx.onLoad(function (element) {
    restoreDrafts(element);
    // Put the cursor in a form that just opened, unless the user is already typing in it.
    var field = element.matches && element.matches("form.part-form") && element.querySelector("textarea, input:not([type=hidden])");
    if (field && !element.contains(document.activeElement)) field.focus();
  });

  // After a reload, reopen every part that still has an unsaved draft. This runs
  // once htmx has bound the page's links, which it does on DOMContentLoaded too.
  function reopenDrafts() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
    var orphans = [];
    keys.forEach(function (key) {
      if (key.indexOf(prefix) !== 0) return;
      var card = document.getElementById(key.slice(prefix.length));
      if (!card && !document.querySelector('form[data-draft="' + key.slice(prefix.length) + '"]')) {
        orphans.push(key);
        return;
      }
      var edit = card && !card.matches("form") && card.querySelector("[data-edit]");
      if (edit) htmx.trigger(edit, "click");
    });
    restoreDrafts(document);
    showOrphans(orphans);
  }

  // Drafts of parts that no longer exist (someone deleted them): show the text so
  // it can be copied elsewhere, and let the user discard it explicitly.
  function showOrphans(keys) {
    keys.forEach(function (key) {
      var data = JSON.parse(localStorage.getItem(key) || "{}");
      var text = ["text", "heading", "body", "intro"].map(function (n) { return data[n] || ""; })
        .filter(Boolean).join("\n");
      if (!text) { localStorage.removeItem(key); return; }
      var box = document.createElement("div");
      box.className = "orphan-draft";
      var note = document.createElement("p");
      note.textContent = "有一段未保存的内容，它所属的条目已不存在（可能已被他人删除）。请复制后另行添加：";
      var area = document.createElement("textarea");
      area.readOnly = true;
      area.value = text;
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "act";
      drop.textContent = "不再需要，丢弃";
      drop.addEventListener("click", function () { localStorage.removeItem(key); box.remove(); });
      box.append(note, area, drop);
      alertBox.appendChild(box);
      alertBox.hidden = false;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setTimeout(reopenDrafts, 0); });
  } else {
    setTimeout(reopenDrafts, 0);
  }
})();
