/* The material editor's small behaviours: drafts that survive failures and reloads,
   a clear message at the part when a save fails, the keyboard focus kept at the part
   that changed, and keyboard shortcuts. htmx does the rest. */
(function () {
  "use strict";
  var root = document.getElementById("editor");
  if (!root || !window.htmx || !document.body.dataset.draftPrefix) return;
  // Drafts are kept per user (the prefix names the user, see base.html) and per material;
  // logging out drops the user's drafts (logout.js), so the next person on a shared
  // computer is never offered them.
  var prefix = document.body.dataset.draftPrefix + "m" + root.dataset.material + ":";
  var alertBox = document.getElementById("editor-alert");

  // Drafts stored before they were kept per user cannot be told apart: never offer them.
  try {
    Object.keys(localStorage).forEach(function (key) {
      if (/^orglife:draft:\d+:/.test(key)) localStorage.removeItem(key);
    });
  } catch (e) { /* storage disabled */ }

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
      // A draft that says what the server sent in the form was saved: keep the form's newer
      // base. Compared with what the server sent, not with what the fields hold now: htmx
      // runs this when the new form settles, and a fast typist (or a test) may already have
      // typed into it, which made the fresh draft look saved and dropped it.
      if (!Object.keys(data).some(function (name) { return name !== "base" && differs(form.elements[name], data[name]); })) {
        dropDraft(form);
        return;
      }
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

  // Whether a draft's value differs from what the server put in the field.
  function differs(field, value) {
    if (!field) return false;
    var values = [].concat(value);
    if (field instanceof RadioNodeList || field.type === "checkbox") {
      var boxes = field instanceof RadioNodeList ? Array.prototype.slice.call(field) : [field];
      return boxes.some(function (box) { return box.defaultChecked !== (values.indexOf(box.value) !== -1); });
    }
    if (field.tagName === "SELECT") {
      var sent = Array.prototype.filter.call(field.options, function (option) { return option.defaultSelected; });
      var first = sent.length ? sent[0].value : (field.options.length ? field.options[0].value : "");
      return first !== values[0];
    }
    return field.defaultValue !== values[0];
  }

  function showAlert(text) {
    alertBox.textContent = text;
    alertBox.hidden = false;
  }

  // The element that sent a request: htmx fires some events on their target instead.
  function sender(event) {
    return (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
  }

  // Where a request's failure is told: the draft form or the part it came from.
  function holderOf(elt) {
    if (!elt || !elt.closest || elt.id === "presence") return null;
    return elt.closest("form[data-draft]") || elt.closest(".part, #undo-notice");
  }

  function showAtPart(holder, text) {
    var box = holder.querySelector(".save-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error save-error";
      box.setAttribute("role", "alert");
      var actions = holder.querySelector(".form-actions");
      if (actions) actions.parentNode.insertBefore(box, actions);
      else holder.appendChild(box);
    }
    box.textContent = text;
    box.scrollIntoView({ block: "nearest" });
  }

  function failed(event, status) {
    var elt = sender(event), holder = holderOf(elt);
    if (elt && elt.id === "presence") return; // presence is a courtesy: it says nothing when it fails
    var verb = event.detail.requestConfig ? event.detail.requestConfig.verb : "post";
    var draft = holder && holder.matches("form[data-draft]");
    var text;
    if (status === 404 && !draft) {
      // The part is gone since this page opened (deleted, or the material restored or
      // imported by someone else): trying again later cannot help, a reload does.
      text = "这一条已不存在（可能已被他人删除，或材料已恢复为历史版本、重新导入），请刷新页面。";
    } else if (status) {
      text = verb === "get" ? "未能打开（服务器返回 " + status + "），请稍后重试。"
        : draft ? "保存失败（服务器返回 " + status + "）。您输入的内容仍在这里，也已保存在本机浏览器中，请稍后重试。"
        : "操作失败（服务器返回 " + status + "），请稍后重试。";
    } else {
      text = verb === "get" ? "网络连接失败，未能打开，请恢复网络后重试。"
        : draft ? "网络连接失败，未能保存。您输入的内容仍在这里，也已保存在本机浏览器中，恢复网络后请再点保存。"
        : "网络连接失败，操作未完成，请恢复网络后重试。";
    }
    if (holder) showAtPart(holder, text);
    else showAlert(text);
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.dataset.draft) saveDraft(form);
  });

  // The server marks an answer to a write that was saved (X-Orglife-Saved). The draft of
  // the form that sent it is dropped now, while the form is still in the page: once the
  // answer is swapped in, the form is gone and its events no longer reach the body.
  var swappedId = "";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var elt = sender(event), form = elt && elt.closest ? elt.closest("form[data-draft]") : null;
    var saved = event.detail.xhr.getResponseHeader("X-Orglife-Saved");
    if (form && saved) dropDraft(form);
    if (saved && !alertBox.querySelector(".orphan-draft")) alertBox.hidden = true; // an earlier failure is over
    var target = event.detail.target;
    swappedId = target && target.matches && target.matches(".part, .category, .block, form") ? target.id : "";
  });

  // Presence is asked on opening and every interval, but never from a hidden tab. This is
  // checked here rather than in an hx-trigger filter: the CSP forbids the eval htmx needs
  // for filters (allowEval is off), and a filter that cannot run lets every request through.
  document.body.addEventListener("htmx:confirm", function (event) {
    if (event.target.id === "presence" && document.visibilityState !== "visible") event.preventDefault();
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var holder = holderOf(sender(event)), old = holder && holder.querySelector(".save-error");
    if (old) old.remove();
  });

  // The server names the part to put the cursor on after an action (the changed part, or
  // the undo button after a delete); otherwise, if the swap took the focus away with the
  // element that held it, it goes to what replaced that element, not to the page body.
  function focusOn(element) {
    if (!element) return;
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) element.setAttribute("tabindex", "-1");
    element.focus();
  }
  document.body.addEventListener("editor-focus", function (event) {
    focusOn(document.querySelector(event.detail.selector));
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    var lost = !document.activeElement || document.activeElement === document.body;
    if (lost && swappedId) focusOn(document.getElementById(swappedId));
    swappedId = "";
  });

  // A conflict keeps the draft: discarding it is an explicit choice.
  document.body.addEventListener("click", function (event) {
    var discard = event.target.closest("[data-discard], [data-cancel]");
    if (!discard) return;
    var holder = discard.closest("[id]");
    var form = holder && (holder.matches("form[data-draft]") ? holder : holder.querySelector("form[data-draft]"));
    if (form) dropDraft(form);
  });

  document.body.addEventListener("htmx:responseError", function (event) { failed(event, event.detail.xhr.status); });
  document.body.addEventListener("htmx:sendError", function (event) { failed(event, 0); });

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
    var form = element.matches && (element.matches("form.part-form") ? element : element.matches(".direction") && element.querySelector(":scope > form.part-form"));
    var field = form && form.querySelector("textarea, input:not([type=hidden])");
    if (field && !element.contains(document.activeElement)) field.focus();
  });

  // After a reload, reopen every part that still has an unsaved draft. This runs
  // once htmx has bound the page's links, which it does on DOMContentLoaded too.
  function reopenDrafts() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
    } catch (e) { return; }
    var orphans = [];
    keys.forEach(function (key) {
      if (key.indexOf(prefix) !== 0) return;
      var card = document.getElementById(key.slice(prefix.length));
      if (!card && !document.querySelector('form[data-draft="' + key.slice(prefix.length) + '"]')) {
        orphans.push(key);
        return;
      }
      // (a direction's card holds its measures: its own form may be open inside it already)
      var open = card && card.querySelector('form[data-draft="' + key.slice(prefix.length) + '"]');
      var edit = card && !card.matches("form") && !open && card.querySelector("[data-edit]");
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
