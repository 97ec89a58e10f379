// foro: small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // The language chooser follows the browser's language once per visit;
  // the links stay there, so nobody is trapped in a language.
  var chooser = document.querySelector("[data-language-chooser]");
  if (chooser) {
    var links = chooser.querySelectorAll("a[data-lang]");
    var chosen = null;
    try { chosen = sessionStorage.getItem("foro-lang-chosen"); } catch (e) { /* storage may be off */ }
    links.forEach(function (a) {
      a.addEventListener("click", function () {
        try { sessionStorage.setItem("foro-lang-chosen", a.getAttribute("data-lang")); } catch (e) { /* ignore */ }
      });
    });
    if (!chosen) {
      var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) {
        return String(l).toLowerCase().split("-")[0];
      });
      for (var i = 0; i < wanted.length; i++) {
        var match = chooser.querySelector('a[data-lang="' + wanted[i] + '"]');
        if (match) {
          try { sessionStorage.setItem("foro-lang-chosen", wanted[i]); } catch (e) { /* ignore */ }
          window.location.replace(match.href);
          return;
        }
      }
    }
  }

  // The main navigation folds behind a "Menu" button on narrow screens.
  // Without this script the whole list shows (a compact grid).
  var nav = document.querySelector(".main-nav");
  var toggle = nav && nav.querySelector(".nav-toggle");
  if (toggle) {
    var setOpen = function (open) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); };
    toggle.hidden = false;
    nav.classList.add("folded");
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // The sessions running at `now` and the next ones to start (all those
  // that start at the soonest time: parallel rooms), from their start and
  // end as milliseconds since the epoch, made by the build in the forum's
  // time zone (so the answer does not depend on the reader's). Nothing
  // outside the forum: from 12 hours before its first session to the end
  // of its last. Used by the home page's box and by the agenda.
  var nowNext = function (sessions, now) {
    var none = { current: [], next: [] };
    if (!sessions.length) { return none; }
    var first = Infinity;
    var last = -Infinity;
    sessions.forEach(function (s) { first = Math.min(first, s.start); last = Math.max(last, s.end); });
    if (now < first - 12 * 3600e3 || now > last) { return none; }
    var current = sessions.filter(function (s) { return s.start <= now && now < s.end; });
    var upcoming = sessions.filter(function (s) { return s.start > now; });
    var soonest = Infinity;
    upcoming.forEach(function (s) { soonest = Math.min(soonest, s.start); });
    return { current: current, next: upcoming.filter(function (s) { return s.start === soonest; }) };
  };
  var scheduleOf = function (el) {
    var data = el.querySelector(".schedule-data");
    try { return JSON.parse(data ? data.textContent : "[]"); } catch (e) { return []; }
  };
  // Calls `refresh` now and every minute while there are sessions.
  var everyMinute = function (sessions, refresh) {
    refresh();
    if (sessions.length) { window.setInterval(refresh, 60000); }
  };

  // "Now / next" on the home page during the forum, refreshed every minute.
  var box = document.getElementById("now-next");
  if (box) {
    var nnList = box.querySelector(".now-next-list") || box;
    var sessions = scheduleOf(box);
    var shown = "";
    everyMinute(sessions, function () {
      var nn = nowNext(sessions, Date.now());
      var items = nn.current.map(function (s) { return ["now", s]; })
        .concat(nn.next.map(function (s) { return ["next", s]; }));
      var key = JSON.stringify(items.map(function (it) { return it[0] + it[1].href; }));
      if (key === shown) { return; }
      shown = key;
      nnList.textContent = "";
      items.forEach(function (it) {
        var li = document.createElement("li");
        li.className = "nn-" + it[0];
        var label = document.createElement("span");
        label.className = "nn-label";
        label.textContent = box.getAttribute("data-" + it[0]);
        var time = document.createElement("span");
        time.className = "nn-time";
        time.textContent = it[1].time;
        var a = document.createElement("a");
        a.href = it[1].href;
        a.textContent = it[1].title;
        li.appendChild(label);
        li.appendChild(time);
        li.appendChild(a);
        nnList.appendChild(li);
      });
      box.hidden = !items.length;
    });
  }

  // The agenda marks the session running now and the next one: a badge
  // with a word (not only a colour) and aria-current="time" on the one
  // running, refreshed every minute.
  var agendaNow = document.getElementById("agenda-now");
  if (agendaNow) {
    var agendaSessions = scheduleOf(agendaNow);
    everyMinute(agendaSessions, function () {
      document.querySelectorAll(".session.is-now, .session.is-next").forEach(function (el) {
        el.classList.remove("is-now", "is-next");
        el.removeAttribute("aria-current");
        var old = el.querySelector(".now-badge");
        if (old) { old.parentNode.removeChild(old); }
      });
      var nn = nowNext(agendaSessions, Date.now());
      [["now", nn.current], ["next", nn.next]].forEach(function (group) {
        group[1].forEach(function (s) {
          var el = document.getElementById(s.id);
          if (!el) { return; }
          el.classList.add("is-" + group[0]);
          if (group[0] === "now") { el.setAttribute("aria-current", "time"); }
          var badge = document.createElement("span");
          badge.className = "now-badge now-badge-" + group[0];
          badge.textContent = agendaNow.getAttribute("data-" + group[0]);
          var meta = el.querySelector(".session-meta") || el;
          meta.insertBefore(badge, meta.firstChild);
        });
      });
    });
  }

  // What shows from a moment on (the surveys, from the forum's first or
  // last day): hidden before it. Without this script it always shows.
  document.querySelectorAll("[data-show-from]").forEach(function (el) {
    el.hidden = Date.now() < Number(el.getAttribute("data-show-from"));
  });

  // Search, from the index loaded as a script (works from file:// too).
  var form = document.querySelector("[data-search]");
  if (form && window.FORO_SEARCH) {
    var input = form.querySelector("input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var lang = form.getAttribute("data-lang");
    var root = form.getAttribute("data-root");
    var fold = function (s) {
      return String(s).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    };
    var entries = window.FORO_SEARCH.filter(function (e) { return e.l === lang; }).map(function (e) {
      return { e: e, title: fold(e.t), text: fold(e.x) };
    });
    var run = function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var hits = entries.map(function (it) {
        var score = 0;
        for (var i = 0; i < words.length; i++) {
          var inTitle = it.title.indexOf(words[i]) >= 0;
          if (!inTitle && it.text.indexOf(words[i]) < 0) { return null; }
          score += inTitle ? 3 : 1;
        }
        return { it: it, score: score };
      }).filter(Boolean).sort(function (a, b) { return b.score - a.score; });
      status.textContent = hits.length
        ? form.getAttribute("data-count").replace("{count}", hits.length)
        : form.getAttribute("data-none");
      hits.slice(0, 50).forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + h.it.e.u;
        a.textContent = h.it.e.t;
        var kind = document.createElement("span");
        kind.className = "detail";
        kind.textContent = " · " + h.it.e.k;
        var snippet = document.createElement("p");
        snippet.textContent = h.it.e.x.slice(0, 180);
        li.appendChild(a);
        li.appendChild(kind);
        li.appendChild(snippet);
        list.appendChild(li);
      });
    };
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; }
    run();
  }
})();
