/* Optional: everything works without this file. It adds three things:
   "Leave this site" that also leaves history, triple Shift to leave, and a
   warning before the session times out, with a way to stay signed in. */
(function () {
  "use strict";
  var leave = document.querySelector("[data-leave]");
  function leaveNow() {
    document.body.innerHTML = "";
    document.title = "";
    window.location.replace(leave.href);
  }
  if (leave) {
    leave.addEventListener("click", function (e) { e.preventDefault(); leaveNow(); });
    var presses = 0, timer = null;
    document.addEventListener("keyup", function (e) {
      if (e.key !== "Shift") { presses = 0; return; }
      presses += 1;
      clearTimeout(timer);
      timer = setTimeout(function () { presses = 0; }, 1000);
      if (presses >= 3) { leaveNow(); }
    });
  }

  // Focus the error summary so screen readers hear it, and its links focus the field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (e) {
      var link = e.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { e.preventDefault(); target.focus(); target.scrollIntoView({block: "center"}); }
    });
  }

  // One press of a submit button: a double click sends once.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset.submitted) { e.preventDefault(); return; }
    form.dataset.submitted = "1";
    setTimeout(function () { delete form.dataset.submitted; }, 5000);
  });

  // Session timeout warning: <body data-timeout="seconds" data-warn="seconds" data-keepalive="url"
  // data-signed-out="sign-out url" data-next="page to come back to">.
  var body = document.body, dialog = document.getElementById("timeout-warning");
  var total = parseInt(body.dataset.timeout || "0", 10);
  if (!total || !dialog || typeof dialog.showModal !== "function") { return; }
  var warnAt = total - parseInt(body.dataset.warn || "120", 10), warnTimer, endTimer;
  var token = document.querySelector("meta[name=csrf-token]");
  token = token ? token.content : "";
  // Time is up: post the sign-out (data-signed-out), saying why; never a plain link.
  function signOut() {
    var form = document.createElement("form");
    form.method = "post";
    form.action = body.dataset.signedOut;
    [["csrf_token", token], ["reason", "timeout"], ["next", body.dataset.next || ""]].forEach(function (f) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = f[0]; input.value = f[1];
      form.appendChild(input);
    });
    body.appendChild(form);
    form.submit();
  }
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(function () { dialog.showModal(); }, warnAt * 1000);
    endTimer = setTimeout(signOut, total * 1000);
  }
  dialog.querySelector("[data-stay]").addEventListener("click", function () {
    fetch(body.dataset.keepalive, {method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": token}})
      .then(function (r) { if (r.status === 204) { dialog.close(); schedule(); } else { signOut(); } });
  });
  schedule();
}());
