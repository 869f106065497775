/* The minutes page: every block saves itself a moment after typing stops (and every
   few seconds while anything is unsaved), says at the block and at the top whether it
   is saved, turns loud and red when a save fails, keeps every keystroke in
   localStorage until the server has confirmed it (X-Orglife-Saved), and shows both
   texts when another recorder saved the same block meanwhile. A block is shown as
   saved only after the server said so for exactly the text in the box. */
(function () {
  "use strict";
  var root = document.getElementById("minutes");
  if (!root) return;
  var forms = Array.prototype.slice.call(root.querySelectorAll("form[data-autosave]"));
  if (!forms.length) return;
  // Drafts are kept per user (base.html names the user; logout.js drops them) and meeting.
  var prefix = (document.body.dataset.draftPrefix || "orglife:draft:") + "meeting" + root.dataset.meeting + ":";
  var stateBox = document.getElementById("save-state");
  var alertBox = document.getElementById("save-alert");
  var TYPING_PAUSE = 1500, EVERY = 5000;

  function areas(form) { return Array.prototype.slice.call(form.querySelectorAll("textarea")); }
  function values(form) {
    var data = {};
    areas(form).forEach(function (area) { data[area.name] = area.value; });
    return data;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function draftKey(form) { return prefix + form.dataset.autosave; }
  function storeDraft(form) {
    try {
      localStorage.setItem(draftKey(form), JSON.stringify({ base: form.elements.base.value, values: values(form) }));
    } catch (e) { /* storage full or disabled: the server copy is all there is */ }
  }
  function dropDraft(form) { try { localStorage.removeItem(draftKey(form)); } catch (e) { /* ignore */ } }

  function setState(form, kind, text) {
    var box = form.querySelector("[data-state]");
    box.textContent = text;
    box.className = "mt-state mt-state-" + kind;
    form.dataset.saveState = kind;
    overall();
  }

  function count(kind) { return forms.filter(function (f) { return f.dataset.saveState === kind; }).length; }

  function overall() {
    var failed = count("failed"), conflict = count("conflict"), pending = count("dirty") + count("saving");
    if (failed) {
      stateBox.dataset.state = "failed";
      stateBox.textContent = "保存失败：" + failed + "段内容未保存到服务器！";
    } else if (conflict) {
      stateBox.dataset.state = "conflict";
      stateBox.textContent = conflict + "段保存冲突，尚未保存，请处理。";
    } else if (pending) {
      stateBox.dataset.state = "pending";
      stateBox.textContent = "有" + pending + "段尚未保存，正在自动保存…";
    } else {
      stateBox.dataset.state = "saved";
      stateBox.textContent = "全部已保存";
      alertBox.hidden = true;
    }
  }

  function schedule(form, delay) {
    clearTimeout(form._timer);
    form._timer = setTimeout(function () { save(form); }, delay);
  }

  function save(form) {
    if (form._inflight || form._conflict || !form._dirty) return;
    form._inflight = true;
    var sent = values(form);
    setState(form, "saving", "正在保存…");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual", // a login page after an expired session must not look like an answer
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) { answered(form, sent, response, data); });
    }, function () {
      form._inflight = false;
      failed(form, "网络连接失败或服务器无响应");
    });
  }

  function answered(form, sent, response, data) {
    form._inflight = false;
    if (response.status === 200 && response.headers.get("X-Orglife-Saved") === "1" && data.token) {
      form.elements.base.value = data.token;
      if (same(values(form), sent)) {
        form._dirty = false;
        dropDraft(form);
        setState(form, "saved", "已保存 " + data.saved_at);
      } else { // typed on while the save was under way
        storeDraft(form);
        setState(form, "dirty", "有新输入，尚未保存");
        schedule(form, TYPING_PAUSE);
      }
    } else if (response.status === 409 && data.conflict) {
      conflict(form, data);
    } else if (response.type === "opaqueredirect") {
      failed(form, "登录已失效，请在新标签页重新登录");
    } else {
      failed(form, data.error || ("服务器返回 " + response.status));
    }
  }

  function failed(form, why) {
    storeDraft(form);
    setState(form, "failed", "未保存！（" + why + "）");
    alertBox.textContent = "保存失败：" + why + "。您输入的内容仍在页面上，也已保存在本机浏览器中；页面会每5秒自动重试，恢复后会显示“已保存”。请不要关闭页面。";
    alertBox.hidden = false;
  }

  function conflict(form, data) {
    form._conflict = true;
    form._theirs = data;
    storeDraft(form);
    var box = form.querySelector(".mt-conflict");
    box.textContent = "";
    var head = document.createElement("p");
    head.className = "error";
    head.textContent = "保存冲突：另一位记录人刚刚保存了这一段。对方的版本：";
    box.appendChild(head);
    areas(form).forEach(function (area) {
      var label = form.querySelector('label[for="' + area.id + '"]');
      var title = document.createElement("h4");
      title.textContent = label ? label.textContent : area.name;
      var theirs = document.createElement("blockquote");
      theirs.className = "theirs";
      theirs.textContent = data.theirs[area.name] || "（空）";
      box.append(title, theirs);
    });
    var note = document.createElement("p");
    note.textContent = "您的版本仍在下面的输入框中（也已保存在本机浏览器）。请把两者合并后保存，或采用对方的版本。";
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "button";
    keep.dataset.merge = "";
    keep.textContent = "保存合并后的版本";
    var take = document.createElement("button");
    take.type = "button";
    take.className = "button secondary";
    take.dataset.theirs = "";
    take.textContent = "采用对方的版本";
    box.append(note, keep, take);
    box.hidden = false;
    setState(form, "conflict", "保存冲突，尚未保存");
  }

  function resolve(form, takeTheirs) {
    var data = form._theirs;
    form._conflict = false;
    form.querySelector(".mt-conflict").hidden = true;
    form.elements.base.value = data.token;
    if (takeTheirs) {
      areas(form).forEach(function (area) { area.value = data.theirs[area.name] || ""; });
      form._dirty = false;
      dropDraft(form);
      setState(form, "saved", "已采用对方的版本");
      return;
    }
    form._dirty = true;
    storeDraft(form);
    save(form);
  }

  forms.forEach(function (form) {
    form.addEventListener("input", function () {
      form._dirty = true;
      storeDraft(form);
      if (form._conflict) return;
      setState(form, "dirty", "未保存（输入中…）");
      schedule(form, TYPING_PAUSE);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form._conflict) { resolve(form, false); return; }
      form._dirty = true;
      save(form);
    });
    form.addEventListener("click", function (event) {
      if (event.target.closest("[data-merge]")) resolve(form, false);
      else if (event.target.closest("[data-theirs]")) resolve(form, true);
    });
    // A draft left by a failed save or a closed tab: put it back, with the base it was
    // typed against, so saving it still detects what others saved meanwhile.
    var raw = null;
    try { raw = localStorage.getItem(draftKey(form)); } catch (e) { /* storage disabled */ }
    var draft = raw ? JSON.parse(raw) : null;
    if (draft && !same(draft.values, values(form))) {
      areas(form).forEach(function (area) { if (area.name in draft.values) area.value = draft.values[area.name]; });
      form.elements.base.value = draft.base;
      form._dirty = true;
      setState(form, "dirty", "已恢复本机保存的未保存内容，正在保存…");
      schedule(form, 300);
    } else {
      if (draft) dropDraft(form);
      form.dataset.saveState = "saved";
    }
  });
  overall();

  // Whatever is unsaved is tried again every few seconds (a failed save, a save missed).
  setInterval(function () {
    forms.forEach(function (form) { if (form._dirty && !form._inflight && !form._conflict) save(form); });
  }, EVERY);

  window.addEventListener("beforeunload", function (event) {
    if (forms.some(function (form) { return form._dirty; })) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
