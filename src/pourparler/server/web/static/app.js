// Pourparler's only script of its own. The pages work without it; it adds the viewer's
// time zone (so times are shown in it) and asks before irreversible acts.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  if (zone && document.cookie.indexOf("pourparler_zone=" + encodeURIComponent(zone)) === -1) {
    document.cookie = "pourparler_zone=" + encodeURIComponent(zone) + "; path=/; SameSite=Lax; max-age=31536000";
  }
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
