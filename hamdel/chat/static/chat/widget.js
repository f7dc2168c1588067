/* Hamdel live chat widget: one script tag on a customer's page (docs/chat.md).
 *
 *   <script src="https://HOST/chat/widget.js" data-widget="ID" async></script>
 *
 * Self-contained: no build step, no library, no request to anyone but HOST (its socket
 * and uploads). Its texts come in front of this file (HAMDEL_CHAT_TEXTS, from the
 * gettext catalogues). It lives in a shadow root, so the page's styles do not reach it;
 * its styles are a constructed style sheet, which the page's CSP does not block.
 * The visitor token is kept in the page's localStorage (a cookie of HOST would be a
 * third-party cookie here, which browsers block).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof HAMDEL_CHAT_TEXTS === "undefined") return;
  var TEXTS = HAMDEL_CHAT_TEXTS;
  var widgetId = script.getAttribute("data-widget");
  var home = new URL(script.src);
  var socketUrl = (home.protocol === "https:" ? "wss://" : "ws://") + home.host + "/ws/chat/" + widgetId + "/";
  var uploadUrl = home.origin + "/chat/upload/" + widgetId + "/";
  var storeKey = "hamdel-chat:" + home.host + ":" + widgetId;
  var PING_MS = 25000;
  var TYPING_MS = 2000;

  var stored = {};
  try { stored = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { stored = {}; }
  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify(stored)); } catch (e) { /* private mode */ }
  }

  function pickLanguage() {
    var asked = [stored.language, script.getAttribute("data-lang"), document.documentElement.lang]
      .concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < asked.length; i++) {
      var code = (asked[i] || "").slice(0, 2).toLowerCase();
      if (TEXTS[code]) return code;
    }
    return "en";
  }

  var state = {
    language: pickLanguage(), languages: Object.keys(TEXTS), socket: null, started: false,
    everOpened: false, retry: 0, gaveUp: false, agent: "", availability: "", left: false,
    readUpto: 0, typingSent: 0, typingTimer: null, pingTimer: null, shown: {}
  };
  function t(key) { return (TEXTS[state.language] || TEXTS.en)[key] || TEXTS.en[key] || key; }

  // --- the elements -----------------------------------------------------------------------
  var host = document.createElement("div");
  host.setAttribute("data-hamdel-chat", widgetId);
  var root = host.attachShadow({ mode: "open" });
  var css = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Tahoma,sans-serif}",
    ".launcher{position:fixed;bottom:20px;inset-inline-end:20px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;background:#1f5f8b;color:#fff;font-size:15px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}",
    ".launcher:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f0a500;outline-offset:2px}",
    ".panel{position:fixed;bottom:76px;inset-inline-end:20px;z-index:2147483000;width:340px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 100px);display:flex;flex-direction:column;background:#fff;color:#222;border-radius:10px;box-shadow:0 4px 18px rgba(0,0,0,.3);overflow:hidden;font-size:14px}",
    ".panel[hidden],[hidden]{display:none!important}",
    "header{display:flex;align-items:center;gap:6px;padding:10px;background:#1f5f8b;color:#fff}",
    "header h2{flex:1;margin:0;font-size:15px}",
    "header select{font-size:12px}",
    "header button{background:transparent;color:#fff;border:0;font-size:18px;cursor:pointer}",
    ".status{padding:6px 10px;background:#eef4f8;font-size:13px}",
    ".log{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:6px}",
    ".msg{max-width:85%;padding:6px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".msg.in{align-self:flex-end;background:#d9ecf7}",
    ".msg.out{align-self:flex-start;background:#f1f1f1}",
    ".msg small{display:block;font-size:11px;color:#555;margin-top:2px}",
    ".typing{padding:0 10px;font-size:12px;color:#555;min-height:16px}",
    "form{display:flex;flex-direction:column;gap:6px;padding:8px 10px;border-top:1px solid #ddd}",
    "form .row{display:flex;gap:6px;align-items:center}",
    "textarea,input[type=text]{width:100%;padding:6px;border:1px solid #999;border-radius:6px;font-size:14px}",
    "textarea{resize:none;height:54px}",
    "label{font-size:12px}",
    "form button{padding:6px 12px;border:0;border-radius:6px;background:#1f5f8b;color:#fff;cursor:pointer}",
    "form button.plain{background:#e4e4e4;color:#222}",
    ".file{position:relative;overflow:hidden;display:inline-block;padding:6px 10px;border:1px solid #999;border-radius:6px;cursor:pointer;font-size:12px}",
    ".file input{position:absolute;inset:0;opacity:0;cursor:pointer}",
    ".problem{color:#a40000;font-size:12px}"
  ].join("\n");
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement("style");
    style.textContent = css;
    root.appendChild(style);
  }

  function el(tag, attrs, parent) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (parent) parent.appendChild(node);
    return node;
  }

  var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "hamdel-chat-panel", "data-chat": "launcher" }, root);
  var panel = el("section", { id: "hamdel-chat-panel", "class": "panel", role: "dialog", hidden: "" }, root);
  var header = el("header", {}, panel);
  var title = el("h2", { id: "hamdel-chat-title" }, header);
  panel.setAttribute("aria-labelledby", "hamdel-chat-title");
  var languageSelect = el("select", { "data-chat": "language" }, header);
  var closeButton = el("button", { type: "button", "data-chat": "close" }, header);
  closeButton.textContent = "×";
  var status = el("div", { "class": "status", role: "status", "aria-live": "polite", "data-chat": "status" }, panel);
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", tabindex: "0", "data-chat": "log" }, panel);
  var typing = el("div", { "class": "typing", "aria-live": "polite", "data-chat": "typing" }, panel);

  var leaveForm = el("form", { hidden: "", "data-chat": "leave-form" }, panel);
  var leaveOffer = el("div", { "data-chat": "offer" }, leaveForm);
  var contactLabel = el("label", { "for": "hamdel-chat-contact" }, leaveForm);
  var contactInput = el("input", { type: "text", id: "hamdel-chat-contact", autocomplete: "email", "data-chat": "contact" }, leaveForm);
  var leaveLabel = el("label", { "for": "hamdel-chat-leave-text" }, leaveForm);
  var leaveText = el("textarea", { id: "hamdel-chat-leave-text", "data-chat": "leave-text" }, leaveForm);
  var leaveProblem = el("div", { "class": "problem", role: "alert" }, leaveForm);
  var leaveRow = el("div", { "class": "row" }, leaveForm);
  var leaveButton = el("button", { type: "submit", "data-chat": "leave" }, leaveRow);
  var waitButton = el("button", { type: "button", "class": "plain", hidden: "", "data-chat": "keep-waiting" }, leaveRow);

  var composer = el("form", { "data-chat": "composer" }, panel);
  var messageLabel = el("label", { "for": "hamdel-chat-text", "class": "visually-hidden" }, composer);
  messageLabel.hidden = true;
  var textBox = el("textarea", { id: "hamdel-chat-text", "data-chat": "text", maxlength: "4000" }, composer);
  var problem = el("div", { "class": "problem", role: "alert", "data-chat": "problem" }, composer);
  var row = el("div", { "class": "row" }, composer);
  var fileLabel = el("label", { "class": "file" }, row);
  var fileText = el("span", {}, fileLabel);
  var fileInput = el("input", { type: "file", "data-chat": "file" }, fileLabel);
  el("span", { style: "flex:1" }, row);
  var sendButton = el("button", { type: "submit", "data-chat": "send" }, row);

  function applyTexts() {
    var texts = TEXTS[state.language] || TEXTS.en;
    panel.setAttribute("dir", texts._dir);
    panel.setAttribute("lang", state.language);
    launcher.setAttribute("dir", texts._dir);
    launcher.setAttribute("lang", state.language);
    launcher.textContent = t("launcher");
    title.textContent = t("title");
    closeButton.setAttribute("aria-label", t("close"));
    languageSelect.setAttribute("aria-label", t("language"));
    textBox.setAttribute("placeholder", t("placeholder"));
    textBox.setAttribute("aria-label", t("message"));
    messageLabel.textContent = t("message");
    fileText.textContent = t("attach");
    fileInput.setAttribute("aria-label", t("attach"));
    sendButton.textContent = t("send");
    leaveOffer.textContent = t("offer");
    contactLabel.textContent = t("contact");
    leaveLabel.textContent = t("message");
    leaveButton.textContent = t("leave");
    waitButton.textContent = t("keep_waiting");
    languageSelect.textContent = "";
    state.languages.forEach(function (code) {
      var option = el("option", { value: code, text: (TEXTS[code] || {})._name || code }, languageSelect);
      if (code === state.language) option.selected = true;
    });
    showStatus();
  }

  function showStatus() {
    var text = t("connecting");
    if (state.gaveUp) text = t("refused");
    else if (state.started) {
      if (state.left) text = state.left === "phone" ? t("left_phone") : t("left_email");
      else if (state.agent) text = t("joined").replace("%(name)s", state.agent);
      else if (state.availability === "nobody") text = t("nobody");
      else if (state.availability === "closed") text = t("closed");
      else if (state.availability === "no_answer") text = t("no_answer");
      else text = t("open");
    } else if (state.retry > 0) text = t("reconnecting");
    status.textContent = text;
  }

  function showLeaveForm(show, canWait) {
    leaveForm.hidden = !show;
    waitButton.hidden = !canWait;
    composer.hidden = show;
  }

  // --- the log ----------------------------------------------------------------------------
  function render(message, pendingId) {
    var key = message.id ? "m" + message.id : "p" + pendingId;
    var node = (message.client_id && state.shown["p" + message.client_id]) || state.shown[key];
    if (!node) {
      node = el("div", {}, log);
      el("span", { "class": "body" }, node);
      el("small", {}, node);
    }
    if (message.client_id) delete state.shown["p" + message.client_id];
    state.shown[key] = node;
    node.className = "msg " + (message.direction === "inbound" ? "in" : "out");
    node.setAttribute("data-message", message.id || "");
    node.setAttribute("data-direction", message.direction);
    var text = message.text || "";
    if (message.files && message.files.length) text += (text ? "\n" : "") + "📎 " + message.files.join(", ");
    node.firstChild.textContent = text;
    receipt(node, message);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function receipt(node, message) {
    var small = node.lastChild;
    if (message.direction !== "inbound") { small.textContent = message.author || ""; return; }
    if (!message.id) small.textContent = "…";
    else if (message.id <= state.readUpto) small.textContent = t("read");
    else small.textContent = t("sent");
    small.setAttribute("data-receipt", !message.id ? "pending" : message.id <= state.readUpto ? "read" : "sent");
  }

  function markRead(upto) {
    state.readUpto = Math.max(state.readUpto, upto);
    Object.keys(state.shown).forEach(function (key) {
      var node = state.shown[key];
      var id = parseInt(node.getAttribute("data-message"), 10);
      if (node.getAttribute("data-direction") === "inbound" && id) receipt(node, { id: id, direction: "inbound" });
    });
  }

  function acknowledge() {
    if (panel.hidden || document.visibilityState === "hidden") return;
    var newest = 0;
    Object.keys(state.shown).forEach(function (key) {
      var node = state.shown[key];
      var id = parseInt(node.getAttribute("data-message"), 10) || 0;
      if (node.getAttribute("data-direction") === "outbound" && id > newest) newest = id;
    });
    if (newest > (state.ackedUpto || 0)) {
      state.ackedUpto = newest;
      send({ type: "read", upto: newest });
    }
  }

  // --- the socket -------------------------------------------------------------------------
  function send(frame) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function connect() {
    if (state.socket || state.gaveUp) return;
    var socket = new WebSocket(socketUrl);
    state.socket = socket;
    socket.onopen = function () {
      state.everOpened = true;
      socket.send(JSON.stringify({ type: "start", token: stored.token || "", language: state.language }));
      state.pingTimer = setInterval(function () { send({ type: "ping" }); }, PING_MS);
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      handle(data);
    };
    socket.onclose = function (event) {
      clearInterval(state.pingTimer);
      state.socket = null;
      state.started = false;
      var code = event.code;
      if (code === 4413) problem.textContent = t("too_large");
      if (code === 4429) problem.textContent = t("too_fast");
      if (code === 4404 || code === 4403 || (!state.everOpened && state.retry >= 2)) {
        state.gaveUp = true;
        showStatus();
        return;
      }
      state.retry += 1;
      showStatus();
      var wait = code === 4429 ? 10000 : Math.min(30000, 500 * Math.pow(2, state.retry));
      setTimeout(connect, wait);
    };
  }

  function handle(data) {
    if (data.type === "welcome") {
      state.started = true;
      state.retry = 0;
      stored.token = data.token;
      save();
      state.language = data.language;
      state.languages = data.languages;
      state.agent = data.agent || "";
      state.availability = data.availability;
      state.readUpto = data.read_upto || 0;
      state.left = data.contact_given ? "email" : false;
      (data.messages || []).forEach(function (message) { render(message); });
      markRead(state.readUpto);
      applyTexts();
      var offline = !state.agent && !state.left && (data.availability === "nobody" || data.availability === "closed");
      var waitedTooLong = data.waiting_seconds !== null && data.waiting_seconds >= data.no_answer_seconds;
      if (waitedTooLong && !state.agent) state.availability = "no_answer";
      showLeaveForm(offline || (waitedTooLong && !state.agent), waitedTooLong && !offline);
      showStatus();
      acknowledge();
    } else if (data.type === "stored") {
      render(data.message, data.id);
      problem.textContent = "";
    } else if (data.type === "message") {
      render(data.message);
      typing.textContent = "";
      acknowledge();
    } else if (data.type === "agent") {
      state.agent = data.name;
      if (state.availability === "no_answer") state.availability = "open";
      showLeaveForm(false, false);
      showStatus();
    } else if (data.type === "typing") {
      typing.textContent = t("typing");
      clearTimeout(state.typingTimer);
      state.typingTimer = setTimeout(function () { typing.textContent = ""; }, 3000);
    } else if (data.type === "read") {
      markRead(data.upto);
    } else if (data.type === "no_answer") {
      state.availability = "no_answer";
      showLeaveForm(true, true);
      showStatus();
    } else if (data.type === "left") {
      state.left = data.contact_kind === "phone" ? "phone" : "email";
      showLeaveForm(false, false);
      showStatus();
    } else if (data.type === "error") {
      (leaveForm.hidden ? problem : leaveProblem).textContent = data.message;
      var pending = state.shown["p" + data.id];
      if (pending) { pending.remove(); delete state.shown["p" + data.id]; }
    }
  }

  function clientId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function sendMessage(text, files) {
    var id = clientId();
    if (!send({ type: "message", id: id, text: text, files: files || [] })) return false;
    render({ direction: "inbound", text: text, files: [] }, id);
    return true;
  }

  // --- what the visitor does --------------------------------------------------------------
  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    stored.open = true;
    save();
    connect();
    textBox.focus();
    acknowledge();
  }
  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    stored.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) openPanel(); else closePanel(); });
  closeButton.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") closePanel(); });
  languageSelect.addEventListener("change", function () {
    state.language = languageSelect.value;
    stored.language = state.language;
    save();
    applyTexts();
  });
  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = textBox.value.trim();
    if (!text) return;
    if (sendMessage(text)) textBox.value = "";
  });
  textBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  textBox.addEventListener("input", function () {
    var now = Date.now();
    if (now - state.typingSent > TYPING_MS) { state.typingSent = now; send({ type: "typing" }); }
  });
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file || !stored.token) return;
    var body = new FormData();
    body.append("token", stored.token);
    body.append("file", file);
    fetch(uploadUrl, { method: "POST", body: body, credentials: "omit", mode: "cors" })
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        if (!result[0]) { problem.textContent = result[1].error || t("upload_failed"); return; }
        var text = textBox.value.trim();
        textBox.value = "";
        sendMessage(text, [result[1].id]);
      })
      .catch(function () { problem.textContent = t("upload_failed"); })
      .then(function () { fileInput.value = ""; });
  });
  leaveForm.addEventListener("submit", function (event) {
    event.preventDefault();
    leaveProblem.textContent = "";
    var id = clientId();
    var text = leaveText.value.trim() || textBox.value.trim();
    if (send({ type: "leave", id: id, contact: contactInput.value, text: text })) {
      if (text) render({ direction: "inbound", text: text, files: [] }, id);
      leaveText.value = "";
    }
  });
  waitButton.addEventListener("click", function () {
    state.availability = "open";
    showLeaveForm(false, false);
    showStatus();
  });
  document.addEventListener("visibilitychange", acknowledge);

  applyTexts();
  (document.body || document.documentElement).appendChild(host);
  if (stored.open && stored.token) openPanel();
})();
