// The article editor: upload a picture and add its Markdown where the cursor is.
(function () {
  "use strict";
  var input = document.getElementById("article-image");
  if (!input) { return; }
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    var status = document.getElementById("image-status");
    if (!file) { return; }
    var data = new FormData();
    data.append("image", file);
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(input.getAttribute("data-upload"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) { return response.json(); }).then(function (answer) {
      if (answer.error) { status.textContent = answer.error; return; }
      var body = document.getElementById("article-body");
      var at = body.selectionStart || body.value.length;
      body.value = body.value.slice(0, at) + "\n" + answer.markdown + "\n" + body.value.slice(at);
      status.textContent = answer.markdown;
    });
  });
})();
