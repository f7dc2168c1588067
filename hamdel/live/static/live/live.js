// Hamdel live updates over the Django Channels WebSocket at /ws/live/ (docs/live.md).
// Self-contained, no inline script: it finds its elements by data attributes.
//   [data-live-inbox]              inbox results: reloaded (htmx fragment) when a conversation changes
//   [data-live-conversation="ID"]  conversation page: who else is viewing or replying
//   [data-live-reply]              the reply box whose typing is announced
//   [data-live-unread]             unread notification count
//   [data-live-notifications]      <details> whose list of notifications loads when opened
// Event data is only ever set as textContent, never parsed as HTML.
(function () {
  "use strict";

  var HEARTBEAT_MS = 3000; // hamdel.live.consumers.HEARTBEAT_SECONDS
  var VIEWER_TIMEOUT_MS = 8000; // hamdel.live.consumers.VIEWER_TIMEOUT_SECONDS
  var TYPING_SHOWN_MS = 6000;
  var TYPING_EVERY_MS = 2000;
  var INBOX_DEBOUNCE_MS = 300;
  var MAX_RECONNECT_MS = 30000;

  var socket = null;
  var reconnectMs = 1000;
  var viewers = {}; // user id -> {name, seen, typingAt}
  var changed = {}; // conversation number -> "new" | "reply"
  var inboxTimer = null;
  var lastTyping = 0;

  function $(selector) { return document.querySelector(selector); }
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function text(key, fallback) {
    var holder = $("[data-live-texts]");
    return (holder && holder.dataset[key]) || fallback;
  }

  function conversationId() {
    var el = $("[data-live-conversation]");
    return el ? parseInt(el.dataset.liveConversation, 10) : null;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try { return headers ? JSON.parse(headers)["X-CSRFToken"] : ""; } catch (e) { return ""; }
  }

  // Collision notices.
  function renderViewers() {
    var box = $("[data-live-conversation]");
    if (!box) return;
    var now = Date.now();
    var lines = [];
    Object.keys(viewers).forEach(function (id) {
      var viewer = viewers[id];
      if (now - viewer.seen > VIEWER_TIMEOUT_MS) { delete viewers[id]; return; }
      var typing = now - viewer.typingAt < TYPING_SHOWN_MS;
      lines.push({ name: viewer.name, typing: typing });
    });
    var list = box.querySelector("[data-live-viewers]");
    if (!list) {
      list = document.createElement("ul");
      list.setAttribute("data-live-viewers", "");
      list.className = "live-viewers";
      box.appendChild(list);
    }
    list.textContent = "";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.className = line.typing ? "live-typing" : "live-viewing";
      item.setAttribute("data-live-viewer", line.name);
      item.textContent = line.name + " " + (line.typing
        ? text("replying", "is replying to this conversation")
        : text("viewing", "is viewing this conversation"));
      list.appendChild(item);
    });
    box.hidden = lines.length === 0 && !box.querySelector("[data-live-replied]");
  }

  function showReplied(name) {
    var box = $("[data-live-conversation]");
    var reply = $("[data-live-reply]");
    if (!box || !reply || !reply.value.trim()) return;
    var notice = document.createElement("p");
    notice.className = "live-replied";
    notice.setAttribute("data-live-replied", "");
    notice.textContent = name + " " + text("replied", "sent a reply while you were typing. Read it before you send yours.");
    box.appendChild(notice);
    box.hidden = false;
  }

  // The live inbox.
  function markChanged() {
    Object.keys(changed).forEach(function (number) {
      var row = document.querySelector('tr[data-number="' + number + '"]');
      if (!row) return;
      row.classList.add("live-changed");
      row.setAttribute("data-live-marker", changed[number]);
    });
  }

  function reloadInbox() {
    var inbox = $("[data-live-inbox]");
    if (!inbox) return;
    if (inbox.querySelector("input[name=ids]:checked")) {
      inbox.setAttribute("data-live-pending", "");
      return; // do not throw away the agent's selection; the next change retries
    }
    fetch(window.location.href, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        inbox.innerHTML = html; // our own server-rendered, escaped fragment
        inbox.removeAttribute("data-live-pending");
        if (window.htmx) window.htmx.process(inbox);
        markChanged();
      })
      .catch(function () {});
  }

  function onConversation(event) {
    var marker = event.direction === "inbound" ? "reply" : "changed";
    if (!changed[event.number] || marker === "reply") changed[event.number] = marker;
    clearTimeout(inboxTimer);
    inboxTimer = setTimeout(reloadInbox, INBOX_DEBOUNCE_MS);
  }

  // Notifications.
  function setUnread(count) {
    all("[data-live-unread]").forEach(function (el) {
      el.textContent = count > 0 ? String(count) : "";
      el.hidden = count === 0;
    });
  }

  function renderNotifications(items) {
    var list = $("[data-live-notifications] [data-live-notification-list]");
    if (!list) return;
    list.textContent = "";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      if (!item.read) entry.className = "unread";
      var link = document.createElement("a");
      link.href = "/conversations/" + item.conversation + "/";
      link.textContent = "#" + item.number + " " + item.subject + " — " + item.text +
        (item.actor ? " (" + item.actor + ")" : "");
      entry.appendChild(link);
      list.appendChild(entry);
    });
  }

  function loadNotifications() {
    fetch("/api/v1/notifications", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) return;
        setUnread(body.unread);
        renderNotifications(body.items);
      })
      .catch(function () {});
  }

  function markAllRead() {
    fetch("/api/v1/notifications/read", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: "{}",
    }).then(loadNotifications).catch(function () {});
  }

  function onMessage(raw) {
    var event;
    try { event = JSON.parse(raw.data); } catch (e) { return; }
    var id = conversationId();
    switch (event.type) {
      case "hello":
        setUnread(event.unread);
        if (id) send({ type: "watch", conversation: id });
        break;
      case "live.viewer":
        if (event.conversation !== id) return;
        var viewer = viewers[event.user] || { name: event.name, seen: 0, typingAt: 0 };
        viewer.seen = Date.now();
        if (event.typing) viewer.typingAt = Date.now();
        viewers[event.user] = viewer;
        renderViewers();
        break;
      case "live.left":
        delete viewers[event.user];
        renderViewers();
        break;
      case "live.replied":
        if (event.conversation === id) showReplied(event.name);
        break;
      case "live.conversation":
        onConversation(event);
        break;
      case "live.notification":
        setUnread(event.unread);
        var details = $("[data-live-notifications]");
        if (details && details.open) loadNotifications();
        break;
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/live/");
    socket.addEventListener("open", function () { reconnectMs = 1000; });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function () {
      socket = null;
      setTimeout(connect, reconnectMs);
      reconnectMs = Math.min(MAX_RECONNECT_MS, reconnectMs * 2);
    });
  }

  function start() {
    if (!$("[data-live]")) return; // pages for the logged-in staff carry data-live
    connect();
    setInterval(function () {
      var id = conversationId();
      if (id) send({ type: "heartbeat", conversation: id });
      renderViewers();
    }, HEARTBEAT_MS);
    document.addEventListener("input", function (event) {
      var id = conversationId();
      if (!id || !event.target.matches("[data-live-reply]")) return;
      if (Date.now() - lastTyping < TYPING_EVERY_MS) return;
      lastTyping = Date.now();
      send({ type: "typing", conversation: id });
    });
    var details = $("[data-live-notifications]");
    if (details) {
      details.addEventListener("toggle", function () { if (details.open) loadNotifications(); });
      var button = details.querySelector("[data-live-mark-read]");
      if (button) button.addEventListener("click", markAllRead);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
