// Cognate's optional page helpers. The pages work without them; with them, password
// fields get a show/hide button, the password rules tick as they are met, and the
// recovery codes can be copied and printed. Served from /static under a CSP that
// allows only this origin's scripts; no inline code, no other origin.
(function () {
  "use strict";

  function revealButtons() {
    document.querySelectorAll("input[type=password][data-reveal]").forEach(function (input) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "reveal";
      button.textContent = input.dataset.reveal;
      button.setAttribute("aria-controls", input.id);
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var shown = input.type === "text";
        input.type = shown ? "password" : "text";
        button.textContent = shown ? input.dataset.reveal : input.dataset.conceal;
        button.setAttribute("aria-pressed", shown ? "false" : "true");
      });
      input.insertAdjacentElement("afterend", button);
    });
  }

  var checks = {
    length: function (v, min) { return Array.from(v).length >= min; },
    upper: function (v) { return /\p{Lu}/u.test(v); },
    lower: function (v) { return /\p{Ll}/u.test(v); },
    number: function (v) { return /[0-9]/.test(v); },
    symbol: function (v) { return /[\^$*.\[\]{}()?"!@#%&\/\\,><':;|_~`=+\- ]/.test(v); }
  };

  function liveRules() {
    var rules = document.getElementById("password-rules");
    if (!rules) return;
    var input = document.getElementById("password") || document.getElementById("new_password");
    if (!input) return;
    var items = rules.querySelectorAll("li[data-check]");
    rules.setAttribute("aria-live", "polite");
    input.addEventListener("input", function () {
      items.forEach(function (li) {
        var check = checks[li.dataset.check];
        var met = check ? check(input.value, parseInt(li.dataset.min || "0", 10)) : false;
        li.classList.toggle("met", met);
      });
    });
  }

  function recoveryCodes() {
    var list = document.getElementById("recovery-codes");
    if (!list) return;
    var text = Array.from(list.querySelectorAll("code")).map(function (c) { return c.textContent; }).join("\n");
    var copy = document.getElementById("copy-codes");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(text).then(function () { copy.textContent = copy.dataset.copied; });
      });
    }
    var print = document.getElementById("print-codes");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  }

  function start() {
    revealButtons();
    liveRules();
    recoveryCodes();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
