// Recompute each revealed commitment in the browser, so nobody has to trust the server's word.
// The commitment is SHA-256 over the salt's bytes (hex on the page) followed by the document's
// canonical JSON in UTF-8, exactly the bytes the server hashed (domain/exchange.py); the page
// carries both, as the services let this viewer read them.
// A live refresh of the region (static/live.js) brings the articles anew, saying "not verified
// yet": each verdict is kept for the exact digest, salt and document it was computed from, and
// shown again on an article that carries the same three after the swap. An article whose
// commitment or bytes changed keeps the fresh "not verified yet" until verified again.
(function () {
  "use strict";
  var verdicts = new Map();  // digest, salt and document -> { ok, text, computed }
  function keyOf(article) {
    // Digest and salt are hex: a space cannot occur in them, so the key is unambiguous.
    return [article.getAttribute("data-digest"), article.getAttribute("data-salt"),
      article.getAttribute("data-document")].join(" ");
  }
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
  function showKept() {
    document.querySelectorAll("[data-commitment]").forEach(function (article) {
      var kept = verdicts.get(keyOf(article));
      if (!kept) { return; }
      article.setAttribute("data-computed", kept.computed);
      show(article, kept.ok, kept.text);
    });
  }
  function verifyAll(button) {
    var articles = document.querySelectorAll("[data-commitment]");
    if (!(window.crypto && window.crypto.subtle && window.TextEncoder)) {
      articles.forEach(function (a) { show(a, false, button.getAttribute("data-unavailable")); });
      return;
    }
    articles.forEach(function (article) {
      var key = keyOf(article);
      var expected = (article.getAttribute("data-digest") || "").toLowerCase();
      digest(article.getAttribute("data-salt") || "", article.getAttribute("data-document") || "")
        .then(function (found) {
          var ok = found !== null && found === expected;
          var text = button.getAttribute(ok ? "data-verified" : "data-mismatch");
          verdicts.set(key, { ok: ok, text: text, computed: found || "" });
          // Shown on whichever article now carries these bytes: a refresh may have swapped
          // the one clicked for its copy while the digest was computed.
          showKept();
        });
    });
  }
  document.addEventListener("htmx:afterSettle", showKept);
  // Delegated: the button may arrive later, in a region refreshed live (static/live.js).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#verify-commitments") : null;
    if (button) { verifyAll(button); }
  });
})();
