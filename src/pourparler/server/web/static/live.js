// Live updates of a page from the talks' event stream (GET /api/talks/{id}/events, server-sent
// events, authenticated by the session cookie). An element with data-live-events names the
// stream; each new record entry fires "pourparler:entry" on it, and htmx (hx-trigger on the
// same element) fetches its fragment again. Entries that arrive together make one refresh, and
// a refresh waits while a field inside the element has the focus (being filled in), so a
// form in a live region is not swapped from under the viewer.
(function () {
  "use strict";
  function follow(element) {
    var url = element.getAttribute("data-live-events");
    if (!url || typeof window.EventSource === "undefined") { return; }
    var source = new EventSource(url, { withCredentials: true });
    var pending = false;
    function refresh() {
      pending = false;
      if (window.htmx) {
        window.htmx.trigger(element, "pourparler:entry");
      } else {
        window.location.reload();
      }
    }
    function whenIdle() {
      // Someone choosing or typing inside the region: refresh once they leave it.
      var active = document.activeElement;
      var filling = active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) &&
        !/^(hidden|submit|button|reset)$/.test(active.type || "");
      if (filling && element.contains(active)) {
        element.addEventListener("focusout", function () { window.setTimeout(whenIdle, 0); },
          { once: true });
        return;
      }
      refresh();
    }
    source.addEventListener("entry", function () {
      if (pending) { return; }
      pending = true;
      window.setTimeout(whenIdle, 0);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }
  function start() {
    var found = document.querySelectorAll("[data-live-events]");
    for (var i = 0; i < found.length; i += 1) { follow(found[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
