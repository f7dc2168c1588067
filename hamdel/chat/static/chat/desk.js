/* The agents' chat desk (/chat/desk/): waiting chats ring, taken chats side by side.
 * Socket protocol: docs/chat.md. Texts come from the page's data-text-* attributes. */
(function () {
  "use strict";
  var desk = document.querySelector("[data-chat-desk]");
  if (!desk) return;
  var waitingList = desk.querySelector("[data-chat-waiting]");
  var mine = desk.querySelector("[data-chat-mine]");
  var stateLine = desk.querySelector("[data-chat-state]");
  var soundBox = desk.querySelector("[data-chat-sound]");
  var availableBox = desk.querySelector("[data-chat-available]");
  var colleagues = desk.querySelector("[data-chat-colleagues]").innerHTML;
  var SOUND_KEY = "hamdel-chat-sound";
  var socket = null;
  var retry = 0;
  var waiting = {}; // session → list item
  var cards = {}; // session → {card, log, status, lines: {id: node}}
  var ringTimer = null;
  var audio = null;

  function t(name) { return desk.getAttribute("data-text-" + name) || name; }
  soundBox.checked = localStorage.getItem(SOUND_KEY) !== "off";
  soundBox.addEventListener("change", function () {
    localStorage.setItem(SOUND_KEY, soundBox.checked ? "on" : "off");
    if (!soundBox.checked) stopRinging();
    else ring();
  });
  availableBox.addEventListener("change", function () {
    send({ type: "presence", available: availableBox.checked });
  });

  // A short two-tone chime made in the browser: no sound file to load.
  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [660, 880].forEach(function (hz, i) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = hz;
        gain.gain.value = 0.08;
        osc.connect(gain);
        gain.connect(audio.destination);
        var start = audio.currentTime + i * 0.18;
        osc.start(start);
        osc.stop(start + 0.15);
      });
    } catch (e) { /* no audio: the list and the title still ring */ }
  }
  function ring() {
    var count = Object.keys(waiting).length;
    document.title = (count ? "(" + count + ") " : "") + document.title.replace(/^\(\d+\) /, "");
    desk.setAttribute("data-ringing", count ? "true" : "false");
    if (!count) { stopRinging(); return; }
    if (soundBox.checked && !ringTimer) {
      chime();
      ringTimer = setInterval(function () { if (Object.keys(waiting).length) chime(); }, 4000);
    }
  }
  function stopRinging() { clearInterval(ringTimer); ringTimer = null; }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function el(tag, attrs, parent, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function offer(chat) {
    if (waiting[chat.session] || cards[chat.session]) return;
    var item = el("li", { "data-chat-offer": chat.session }, waitingList);
    el("strong", {}, item, "#" + chat.number);
    el("span", { dir: "auto" }, item, chat.subject || t("new-chat"));
    el("span", { "class": "pill" }, item, chat.language || "");
    el("span", { "class": "muted" }, item, chat.widget);
    var take = el("button", { type: "button", "data-chat-take": chat.session }, item, t("take"));
    take.addEventListener("click", function () { send({ type: "accept", session: chat.session }); });
    waiting[chat.session] = item;
    ring();
  }
  function unoffer(session) {
    if (waiting[session]) { waiting[session].remove(); delete waiting[session]; }
    ring();
  }

  function line(entry, message) {
    var node = entry.lines[message.id];
    if (!node) {
      node = el("div", { "class": "chat-line " + message.direction, "data-message": message.id, dir: "auto" }, entry.log);
      el("span", {}, node);
      el("small", {}, node);
      entry.lines[message.id] = node;
    }
    var text = message.text || "";
    if (message.files && message.files.length) text += (text ? "\n" : "") + "📎 " + message.files.join(", ");
    node.firstChild.textContent = text;
    node.lastChild.textContent = message.direction === "inbound" ? t("visitor") : (message.author || "");
    entry.log.scrollTop = entry.log.scrollHeight;
    if (message.direction === "inbound" && message.id > entry.acked) {
      entry.acked = message.id;
      send({ type: "read", session: entry.session, upto: message.id });
    }
  }

  function card(chat) {
    unoffer(chat.session);
    var entry = cards[chat.session];
    if (!entry) {
      var node = el("article", { "class": "chat-card", "data-chat-card": chat.session, "data-conversation": chat.conversation }, mine);
      var header = el("header", {}, node);
      el("strong", { dir: "auto" }, header, "#" + chat.number + " " + (chat.subject || ""));
      el("a", { href: "/conversations/" + chat.conversation + "/", target: "_blank" }, header, t("open"));
      var log = el("div", { "class": "chat-log", role: "log", "aria-live": "polite", tabindex: "0" }, node);
      var status = el("div", { "class": "chat-status", "aria-live": "polite", "data-chat-status": "" }, node);
      var form = el("form", {}, node);
      var box = el("textarea", { "aria-label": t("reply"), "data-chat-reply": chat.session, dir: "auto" }, form);
      el("button", { type: "submit" }, form, t("send"));
      var hand = el("div", { "class": "chat-hand" }, node);
      var label = el("label", {}, hand, t("hand") + " ");
      var select = el("select", { "data-chat-hand-to": chat.session }, label);
      select.innerHTML = colleagues;
      var handButton = el("button", { type: "button", "class": "secondary" }, hand, t("hand-button"));
      entry = { session: chat.session, card: node, log: log, status: status, lines: {}, acked: 0, typingTimer: null, lastTyping: 0 };
      cards[chat.session] = entry;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = box.value.trim();
        if (text && send({ type: "reply", session: chat.session, text: text })) box.value = "";
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
      });
      box.addEventListener("input", function () {
        var now = Date.now();
        if (now - entry.lastTyping > 2000) { entry.lastTyping = now; send({ type: "typing", session: chat.session }); }
      });
      handButton.addEventListener("click", function () {
        if (select.value) send({ type: "hand", session: chat.session, to: parseInt(select.value, 10) });
      });
    }
    (chat.messages || []).forEach(function (message) { line(entry, message); });
    return entry;
  }

  function bySession(data) {
    var found = null;
    Object.keys(cards).forEach(function (key) {
      if (cards[key].session === data.session || parseInt(cards[key].card.getAttribute("data-conversation"), 10) === data.conversation) found = cards[key];
    });
    return found;
  }

  function handle(data) {
    var entry;
    if (data.type === "hello") {
      retry = 0;
      stateLine.textContent = "";
      availableBox.checked = data.available;
      data.chats.forEach(card);
      data.waiting.forEach(offer);
    } else if (data.type === "offer") offer(data);
    else if (data.type === "taken") { if (!cards[data.session]) unoffer(data.session); }
    else if (data.type === "accepted" || data.type === "handed") card(data);
    else if (data.type === "handed_off") {
      if (cards[data.session]) { cards[data.session].card.remove(); delete cards[data.session]; }
    } else if (data.type === "message") {
      entry = bySession(data);
      if (entry) line(entry, data.message);
    } else if (data.type === "typing") {
      entry = bySession(data);
      if (!entry) return;
      entry.status.textContent = t("typing");
      clearTimeout(entry.typingTimer);
      entry.typingTimer = setTimeout(function () { entry.status.textContent = ""; }, 3000);
    } else if (data.type === "read") {
      entry = bySession(data);
      if (!entry) return;
      Object.keys(entry.lines).forEach(function (id) {
        var node = entry.lines[id];
        if (parseInt(id, 10) <= data.upto && node.classList.contains("outbound")) node.setAttribute("data-read", "true");
      });
    } else if (data.type === "visitor") {
      entry = bySession(data);
      if (entry) entry.status.textContent = data.here ? t("here") : t("gone");
    } else if (data.type === "refused" && data.message) {
      stateLine.textContent = data.message;
      unoffer(data.session);
    } else if (data.type === "presence") availableBox.checked = data.available;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/chat/agent/");
    var ping = null;
    socket.onopen = function () { ping = setInterval(function () { send({ type: "ping" }); }, 25000); };
    socket.onmessage = function (event) { handle(JSON.parse(event.data)); };
    socket.onclose = function () {
      clearInterval(ping);
      socket = null;
      stateLine.textContent = t("disconnected");
      retry += 1;
      setTimeout(connect, Math.min(15000, 500 * Math.pow(2, retry)));
    };
  }
  connect();
})();
