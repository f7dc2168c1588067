// Hamdel workspace behaviour. No inline scripts: everything hangs off data attributes.
(function () {
  "use strict";

  function typing(event) {
    var el = event.target;
    return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-href]"));
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var current = all.findIndex(function (row) { return row.classList.contains("selected"); });
    var next = Math.min(all.length - 1, Math.max(0, current + step));
    if (current >= 0) all[current].classList.remove("selected");
    all[next].classList.add("selected");
    all[next].scrollIntoView({ block: "nearest" });
  }

  function selected() {
    return document.querySelector("tr.selected[data-href]");
  }

  function focusComposer(tab) {
    var button = document.querySelector('[data-tab="' + tab + '"]');
    if (!button) return false;
    button.click();
    var field = document.querySelector("#" + tab + "-form textarea");
    if (field) field.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var row;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o":
      case "Enter":
        row = selected();
        if (!row) return;
        window.location.href = row.dataset.href;
        break;
      case "x":
        row = selected();
        if (!row) return;
        var box = row.querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        break;
      case "r": if (!focusComposer("reply")) return; break;
      case "n": if (!focusComposer("note")) return; break;
      case "e":
        var solve = document.querySelector("[data-solve]");
        if (!solve) return;
        solve.click();
        break;
      case "/":
        var search = document.querySelector(".search input[type=search]");
        if (!search) return;
        search.focus();
        break;
      case "?":
        var help = document.getElementById("shortcuts");
        if (help && !help.open) help.showModal();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]")) el.form.requestSubmit();
    if (el.matches("[data-select-all]")) {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = el.checked; });
    }
  });

  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-tab]");
    if (tab) {
      document.querySelectorAll("[data-tab]").forEach(function (other) {
        var active = other === tab;
        other.setAttribute("aria-selected", active ? "true" : "false");
        var panel = document.getElementById(other.dataset.tab + "-form");
        if (panel) panel.hidden = !active;
      });
      return;
    }
    var confirmer = event.target.closest("[data-confirm]");
    if (confirmer && !window.confirm(confirmer.dataset.confirm)) event.preventDefault();
    var row = event.target.closest("tr[data-href]");
    if (row && !event.target.closest("a, input, button, label")) {
      rows().forEach(function (other) { other.classList.remove("selected"); });
      row.classList.add("selected");
    }
  });

  // A sent reply clears its saved draft (the server also deletes it).
  document.addEventListener("submit", function (event) {
    if (event.target.id === "reply-form") {
      var status = document.querySelector(".draft-status");
      if (status) status.textContent = "";
    }
  });
})();
