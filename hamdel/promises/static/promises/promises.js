// The reply box's promise: when a promise is saved, its sentence (in the customer's
// language) is written into the reply, where the agent can still edit it before sending.
document.addEventListener("htmx:afterSwap", (event) => {
  const made = event.target.querySelector("[data-promise-sentence]:not([data-written])");
  const reply = document.getElementById("reply-body");
  if (!made || !reply) return;
  const sentence = made.dataset.promiseSentence;
  reply.value = reply.value.trim() ? `${reply.value.trimEnd()}\n\n${sentence}` : sentence;
  made.dataset.written = "1";
  reply.dispatchEvent(new Event("input", { bubbles: true }));
});
