// Recompute each revealed commitment in the browser, so nobody has to trust the server's word.
// The commitment is SHA-256 over the salt's bytes (hex on the page) followed by the document's
// canonical JSON in UTF-8, exactly the bytes the server hashed (domain/exchange.py); the page
// carries both, as the services let this viewer read them.
(function () {
  "use strict";
  function bytesOfHex(hex) {
    if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) { return null; }
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i += 1) { out[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return out;
  }
  function hexOf(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i += 1) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }
  function digest(saltHex, text) {
    var salt = bytesOfHex(saltHex);
    if (salt === null) { return Promise.resolve(null); }
    var body = new TextEncoder().encode(text);
    var joined = new Uint8Array(salt.length + body.length);
    joined.set(salt, 0);
    joined.set(body, salt.length);
    return window.crypto.subtle.digest("SHA-256", joined).then(hexOf);
  }
  function show(article, ok, text) {
    var verdict = article.querySelector(".verdict");
    verdict.textContent = text;
    verdict.classList.remove("ok", "bad");
    verdict.classList.add(ok ? "ok" : "bad");
    article.setAttribute("data-verdict", ok ? "verified" : "does not match");
  }
  function verifyAll(button) {
    var articles = document.querySelectorAll("[data-commitment]");
    if (!(window.crypto && window.crypto.subtle && window.TextEncoder)) {
      articles.forEach(function (a) { show(a, false, button.getAttribute("data-unavailable")); });
      return;
    }
    articles.forEach(function (article) {
      var expected = (article.getAttribute("data-digest") || "").toLowerCase();
      digest(article.getAttribute("data-salt") || "", article.getAttribute("data-document") || "")
        .then(function (found) {
          article.setAttribute("data-computed", found || "");
          var ok = found !== null && found === expected;
          show(article, ok, button.getAttribute(ok ? "data-verified" : "data-mismatch"));
        });
    });
  }
  // Delegated: the button may arrive later, in a region refreshed live (static/live.js).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#verify-commitments") : null;
    if (button) { verifyAll(button); }
  });
})();
