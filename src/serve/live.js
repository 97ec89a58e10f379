(function () {
  "use strict";
  var key = "foro-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseInt(y, 10) || 0); }
  } catch (e) { /* storage may be off */ }
  var overlay = null;
  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "foro-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#ffe9e9;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;" +
        "border-top:4px solid #ff6b6b;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "foro: the last edit has an error; the page shows the last good build.\n\n" + message;
  }
  var source = new EventSource("/__foro/events");
  source.addEventListener("reload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  });
  source.addEventListener("error", function (ev) {
    if (!ev.data) { return; }
    try { show(JSON.parse(ev.data).message); } catch (e) { show(String(ev.data)); }
  });
})();
