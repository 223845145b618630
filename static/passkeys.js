// Passkeys on Cognate's hosted pages: the browser's credentials API (WebAuthn) needs
// JavaScript, so these forms stay hidden without it. Each form names where to get the
// ceremony's options (data-options, a same-origin POST with the form's CSRF token);
// the credential goes back in the form's hidden `credential` field and the form is
// submitted normally, so the server's answer is an ordinary page or redirect.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function fromB64url(s) {
    var b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toB64url(buf) {
    if (!buf) return null;
    var bytes = new Uint8Array(buf);
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The server's options (base64url strings) as the credentials API wants them (buffers).
  function creationOptions(o) {
    var pk = Object.assign({}, o.publicKey || o);
    pk.challenge = fromB64url(pk.challenge);
    pk.user = Object.assign({}, pk.user, { id: fromB64url(pk.user.id) });
    pk.excludeCredentials = (pk.excludeCredentials || []).map(function (c) { return Object.assign({}, c, { id: fromB64url(c.id) }); });
    return pk;
  }

  function requestOptions(o) {
    var pk = Object.assign({}, o.publicKey || o);
    pk.challenge = fromB64url(pk.challenge);
    pk.allowCredentials = (pk.allowCredentials || []).map(function (c) { return Object.assign({}, c, { id: fromB64url(c.id) }); });
    return pk;
  }

  function registration(cred) {
    return {
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || null,
      response: {
        clientDataJSON: toB64url(cred.response.clientDataJSON),
        attestationObject: toB64url(cred.response.attestationObject),
        transports: cred.response.getTransports ? cred.response.getTransports() : []
      },
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
    };
  }

  function assertion(cred) {
    return {
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || null,
      response: {
        clientDataJSON: toB64url(cred.response.clientDataJSON),
        authenticatorData: toB64url(cred.response.authenticatorData),
        signature: toB64url(cred.response.signature),
        userHandle: toB64url(cred.response.userHandle)
      },
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
    };
  }

  function options(form) {
    var body = new URLSearchParams();
    form.querySelectorAll("input[type=hidden]").forEach(function (i) { if (i.name !== "credential") body.append(i.name, i.value); });
    return fetch(form.dataset.options, { method: "POST", credentials: "same-origin", body: body }).then(function (r) {
      if (!r.ok) throw new Error("options " + r.status);
      return r.json();
    });
  }

  function failed(form, e) {
    if (e && e.name === "AbortError") return;
    var note = form.querySelector(".passkey-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "field-error passkey-error";
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = form.dataset.failed || "Passkey failed.";
  }

  function submitWith(form, started, credential) {
    form.querySelector("input[name=credential]").value = JSON.stringify(credential);
    var handle = form.querySelector("input[name=handle]");
    if (handle) handle.value = started.handle || "";
    if (!form.dataset.then) {
      form.submit();
      return;
    }
    // The offer after sign-up: save the passkey, then go on to the app.
    fetch(form.action, { method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)) }).then(function (r) {
      if (!r.ok) throw new Error("register " + r.status);
      window.location.href = form.dataset.then;
    }).catch(function (e) { failed(form, e); });
  }

  // Sign in (usernameless, and offered in the username box's autofill where the
  // browser supports conditional mediation) and the passkey MFA step.
  function signIn(form) {
    form.hidden = false;
    var button = form.querySelector("button");
    var pending = null;
    function ask(mediation) {
      if (pending) pending.abort();
      pending = new AbortController();
      var controller = pending;
      return options(form).then(function (started) {
        var request = { publicKey: requestOptions(started.options), signal: controller.signal };
        if (mediation) request.mediation = mediation;
        return navigator.credentials.get(request).then(function (cred) { submitWith(form, started, assertion(cred)); });
      });
    }
    button.addEventListener("click", function (ev) {
      ev.preventDefault();
      ask(null).catch(function (e) { failed(form, e); });
    });
    if (form.dataset.conditional === "true" && PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (ok) {
        if (ok) ask("conditional").catch(function () {});
      });
    }
  }

  function register(form) {
    form.hidden = false;
    form.addEventListener("submit", function (ev) {
      if (form.querySelector("input[name=credential]").value) return;
      ev.preventDefault();
      options(form)
        .then(function (started) {
          return navigator.credentials.create({ publicKey: creationOptions(started.options) }).then(function (cred) {
            submitWith(form, started, registration(cred));
          });
        })
        .catch(function (e) { failed(form, e); });
    });
  }

  function start() {
    document.querySelectorAll("form[data-passkey=sign-in]").forEach(signIn);
    document.querySelectorAll("form[data-passkey=register]").forEach(register);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
