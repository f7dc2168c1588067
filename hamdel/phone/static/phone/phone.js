// Hamdel phone: screen pops, callbacks and the wallboard over /ws/phone/ (docs/phone.md).
// No inline script: it finds its elements by data attributes.
//   [data-phone-pops]       where screen pops go (HTML the server rendered and escaped)
//   [data-phone-callbacks]  the list of waiting callbacks (filled with textContent only)
//   [data-phone-wallboard]  the wallboard table, replaced with the server's fragment
//   [data-phone-status]     connection state, with its texts in data-connected / data-offline
(function () {
  "use strict";

  var MAX_RECONNECT_MS = 30000;
  var ENDED_POP_MS = 15000; // a pop stays a while after hang-up, to click through
  var reconnectMs = 1000;

  function $(selector) { return document.querySelector(selector); }

  function status(key) {
    var el = $("[data-phone-status]");
    if (el && el.dataset[key]) el.textContent = el.dataset[key];
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html; // rendered and escaped by Django's templates
    return template.content;
  }

  function showPop(message) {
    var box = $("[data-phone-pops]");
    if (!box) return;
    var old = document.getElementById("pop-" + message.call);
    var node = fragment(message.html);
    if (old) old.replaceWith(node); else box.prepend(node);
  }

  function endPop(message) {
    var pop = document.getElementById("pop-" + message.call);
    if (!pop) return;
    pop.classList.add("ended");
    setTimeout(function () { pop.remove(); }, ENDED_POP_MS);
  }

  function showCallback(message) {
    var list = $("[data-phone-callbacks]");
    if (!list) return;
    var id = "desk-callback-" + message.id;
    var item = document.getElementById(id);
    if (!message.open) { if (item) item.remove(); return; }
    if (!item) { item = document.createElement("li"); item.id = id; list.prepend(item); }
    item.textContent = message.customer + " " + message.phone + " · " + message.missed_calls + " " +
      (list.dataset.missed || "missed calls") + " · " + (list.dataset.due || "due") + " " +
      new Date(message.due_at).toLocaleString(document.documentElement.lang || undefined);
    item.dataset.callback = message.id;
    if (message.escalated) item.classList.add("overdue");
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/phone/");
    window.hamdelPhoneSocket = socket;
    socket.onopen = function () {
      reconnectMs = 1000;
      status("connected");
      if ($("[data-phone-wallboard]")) socket.send(JSON.stringify({ type: "wallboard" }));
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "pop") showPop(message);
      else if (message.type === "ended") endPop(message);
      else if (message.type === "callback") showCallback(message);
      else if (message.type === "wallboard") {
        var board = $("[data-phone-wallboard]");
        if (board) board.replaceChildren(fragment(message.html));
      }
      document.dispatchEvent(new CustomEvent("hamdel:phone", { detail: message }));
    };
    socket.onclose = function (event) {
      status("offline");
      if (event.code === 4403) return; // not staff: no point trying again
      setTimeout(connect, reconnectMs);
      reconnectMs = Math.min(reconnectMs * 2, MAX_RECONNECT_MS);
    };
  }

  if ($("[data-phone-pops]") || $("[data-phone-wallboard]") || $("[data-phone-callbacks]")) connect();
})();
