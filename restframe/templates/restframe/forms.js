(function () {
  "use strict";
  // Browsers can only send GET and POST from a form: forms marked data-method (PUT, PATCH,
  // DELETE, OPTIONS, and the raw-data forms) are sent with fetch, and the page is replaced
  // by the answer (the browsable page of the response).
  // The page's CSRF settings (the drf_csrf block): the header Django reads the token from.
  var csrf = {};
  var csrfNode = document.getElementById("drf_csrf");
  if (csrfNode) {
    try { csrf = JSON.parse(csrfNode.textContent); } catch (error) { csrf = {}; }
  }
  function send(form, method, submitter) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    var token = input ? input.value : csrf.csrfToken;
    var headers = { "Accept": "text/html" };
    if (token) { headers[csrf.csrfHeaderName || "X-CSRFToken"] = token; }
    var body = null;
    if (form.classList.contains("raw-form")) {
      headers["Content-Type"] = form.querySelector("[name=_content_type]").value;
      body = form.querySelector("[name=_content]").value;
    } else if (method !== "DELETE" && method !== "OPTIONS") {
      body = new FormData(form);
      body.delete("csrfmiddlewaretoken");
    }
    fetch(form.action, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          if (method === "DELETE" && response.ok) {
            // The admin pages answer a delete with a redirect to the list.
            if (response.redirected) { window.location.assign(response.url); } else { window.location.reload(); }
            return;
          }
          document.open(); document.write(text); document.close();
        });
      });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var method = form.getAttribute("data-method");
    if (!method) { return; }
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute("data-method")) { method = submitter.getAttribute("data-method"); }
    if (method === "POST" && !form.classList.contains("raw-form")) { return; }
    event.preventDefault();
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { return; }
    send(form, method, submitter);
  });
})();
