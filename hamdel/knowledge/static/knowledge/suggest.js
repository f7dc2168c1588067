// The reply box's suggestions: a canned reply's text goes into the reply, an article's
// link is added where the cursor is.
(function () {
  "use strict";
  function reply() { return document.getElementById("reply-body"); }
  function insert(text) {
    var box = reply();
    if (!box) { return; }
    var start = box.selectionStart || 0, end = box.selectionEnd || 0;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-link]");
    if (button) { event.preventDefault(); insert(button.getAttribute("data-insert-link")); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "kb-applied") { return; }
    var applied = event.target.querySelector("[data-applied-text]");
    if (!applied) { return; }
    var box = reply();
    if (box) {
      box.value = box.value.trim() ? box.value + "\n\n" + applied.getAttribute("data-applied-text") : applied.getAttribute("data-applied-text");
      box.focus();
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
})();
