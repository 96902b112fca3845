/* Verbund: the few behaviours the static pages need. No third-party code runs here;
   Leaflet (served by this site) is loaded only after the visitor agrees to the map. */
(function () {
  "use strict";

  /* --- e-mail addresses: reversed in the HTML, a real mailto: at the moment of the click */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-vb-mail]");
    if (!link) return;
    var address = link.getAttribute("data-vb-mail").split("").reverse().join("");
    link.setAttribute("href", "mailto:" + address);
  });

  /* --- faceted finder: filters a server-rendered list; state lives in the URL ---------- */
  function Finder(root) {
    this.root = root;
    this.form = root.querySelector("[data-vb-filters]");
    this.items = Array.prototype.slice.call(root.querySelectorAll("[data-vb-list] > li"));
    this.status = root.querySelector("[data-vb-status]");
    this.empty = root.querySelector("[data-vb-empty]");
    this.query = root.querySelector("[data-vb-query]");
    this.facets = Array.prototype.map.call(root.querySelectorAll("[data-vb-facet]"), function (el) {
      return el.getAttribute("data-vb-facet");
    });
    // Split each item's facet values once: filtering then touches no DOM attributes.
    var facets = this.facets;
    this.values = this.items.map(function (li) {
      var values = {};
      facets.forEach(function (f) {
        var raw = li.getAttribute("data-" + f) || "";
        values[f] = raw ? raw.split(" ") : [];
      });
      values.search = fold(li.getAttribute("data-search") || "");
      return values;
    });
    this.form.hidden = false;
    this.bind();
    this.readUrl();
    this.apply(false);
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  Finder.prototype.bind = function () {
    var self = this;
    var timer = null;
    this.form.addEventListener("change", function () { self.apply(true); });
    this.form.addEventListener("input", function (event) {
      if (event.target !== self.query) return;
      clearTimeout(timer);
      timer = setTimeout(function () { self.apply(true); }, 120);
    });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    var toggle = this.form.querySelector("[data-vb-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var panel = document.getElementById(toggle.getAttribute("aria-controls"));
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        panel.classList.toggle("vb-open", open);
      });
    }
    this.form.addEventListener("reset", function () {
      setTimeout(function () { self.apply(true); }, 0);
    });
    window.addEventListener("popstate", function () { self.readUrl(); self.apply(false); });
  };

  Finder.prototype.selected = function () {
    var state = {};
    var form = this.form;
    this.facets.forEach(function (f) {
      state[f] = Array.prototype.filter.call(form.querySelectorAll('input[name="' + f + '"]'),
        function (box) { return box.checked; }).map(function (box) { return box.value; });
    });
    return state;
  };

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var form = this.form;
    this.facets.forEach(function (f) {
      var wanted = params.getAll(f).join(",").split(",").filter(Boolean);
      form.querySelectorAll('input[name="' + f + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    });
    if (this.query) this.query.value = params.get("q") || "";
  };

  Finder.prototype.writeUrl = function (state, text) {
    var params = new URLSearchParams();
    if (text) params.set("q", text);
    this.facets.forEach(function (f) { if (state[f].length) params.set(f, state[f].join(",")); });
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", url);
    }
  };

  Finder.prototype.matches = function (values, state, words, skip) {
    for (var i = 0; i < this.facets.length; i++) {
      var f = this.facets[i];
      if (f === skip || !state[f].length) continue;
      var hit = false;
      for (var j = 0; j < state[f].length && !hit; j++) hit = values[f].indexOf(state[f][j]) >= 0;
      if (!hit) return false;
    }
    for (var k = 0; k < words.length; k++) if (values.search.indexOf(words[k]) < 0) return false;
    return true;
  };

  Finder.prototype.apply = function (push) {
    var self = this;
    var state = this.selected();
    var text = this.query ? this.query.value.trim() : "";
    var words = fold(text).split(/\s+/).filter(Boolean);
    var shown = 0;
    this.items.forEach(function (li, index) {
      var ok = self.matches(self.values[index], state, words, null);
      li.hidden = !ok;
      if (ok) shown++;
    });
    // A group of items (a month of the calendar) with none left shown goes with them.
    this.root.querySelectorAll("[data-vb-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-vb-list] > li:not([hidden])");
    });
    // Facet counts: how many items each option would show, given the other facets.
    this.facets.forEach(function (f) {
      var counts = {};
      self.values.forEach(function (values) {
        if (!self.matches(values, state, words, f)) return;
        values[f].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var box = self.root.querySelector('[data-vb-facet="' + f + '"]');
      box.querySelectorAll("input").forEach(function (input) {
        var n = counts[input.value] || 0;
        input.closest("label").querySelector("[data-vb-count]").textContent = n;
        input.closest("li").classList.toggle("vb-zero", n === 0 && !input.checked);
      });
      var active = box.querySelector("[data-vb-active]");
      if (active) active.textContent = state[f].length ? "(" + state[f].length + ")" : "";
    });
    var active = 0;
    this.facets.forEach(function (f) { active += state[f].length; });
    var badge = this.form.querySelector("[data-vb-total-active]");
    if (badge) badge.textContent = active ? "(" + active + ")" : "";
    var template = this.status.getAttribute("data-vb-template");
    this.status.textContent = template.replace("{count}", shown).replace("{total}", this.items.length);
    if (this.empty) this.empty.hidden = shown !== 0;
    if (push) this.writeUrl(state, text);
  };

  /* --- map: nothing from the tile server before consent; consent may be remembered ---- */
  var CONSENT_KEY = "verbund.map-consent";

  function loadScript(src, css) {
    return new Promise(function (resolve, reject) {
      if (window.L) return resolve(window.L);
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = css;
      document.head.appendChild(link);
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function Map(root) {
    this.root = root;
    this.consent = root.querySelector("[data-vb-consent]");
    this.canvas = root.querySelector("[data-vb-canvas]");
    this.revoke = root.querySelector("[data-vb-revoke]");
    var data = document.getElementById(root.getAttribute("data-vb-data") || "vb-map-data");
    this.data = data ? JSON.parse(data.textContent) : {};
    var self = this;
    root.querySelector("[data-vb-load]").addEventListener("click", function () {
      if (root.querySelector("[data-vb-remember]").checked) {
        try { window.localStorage.setItem(CONSENT_KEY, "yes"); } catch (e) { /* private mode */ }
      }
      self.show();
    });
    this.revoke.addEventListener("click", function () {
      try { window.localStorage.removeItem(CONSENT_KEY); } catch (e) { /* private mode */ }
      window.location.reload();
    });
    var remembered = false;
    try { remembered = window.localStorage.getItem(CONSENT_KEY) === "yes"; } catch (e) { /* none */ }
    if (remembered) this.show();
  }

  Map.prototype.show = function () {
    var self = this;
    var root = this.root;
    // Leaflet and the points come from this site; only the tiles come from OpenStreetMap.
    Promise.all([
      loadScript(root.getAttribute("data-leaflet-js"), root.getAttribute("data-leaflet-css")),
      fetch(root.getAttribute("data-points")).then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      var L = loaded[0];
      var points = loaded[1].points || [];
      var profiles = root.getAttribute("data-profiles");
      self.consent.hidden = true;
      self.canvas.hidden = false;
      self.revoke.hidden = false;
      var map = L.map(self.canvas, { scrollWheelZoom: false, preferCanvas: points.length > 2000 });
      L.tileLayer(root.getAttribute("data-tiles"), {
        maxZoom: 19, attribution: root.getAttribute("data-attribution")
      }).addTo(map);
      var bounds = [];
      points.forEach(function (p) {
        var marker = L.circleMarker([p[0], p[1]], {
          radius: 7, weight: 2, color: "#00695c", fillColor: p[4] === "active" ? "#26a69a" : "#9e9e9e", fillOpacity: 0.85
        }).addTo(map);
        marker.bindPopup(function () {
          var link = document.createElement("a");
          link.href = profiles + p[3] + "/";
          link.textContent = p[2];
          return link;
        });
        bounds.push([p[0], p[1]]);
      });
      if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
      else if (bounds.length === 1) map.setView(bounds[0], 15);
      else if (self.data.bounds) map.fitBounds(self.data.bounds);
      self.canvas.setAttribute("data-vb-ready", "true");
    });
  };

  function start() {
    // main.html kept the finder's "q" from the theme's search; it is the finder's again.
    if (window.verbundQuery) {
      window.history.replaceState(window.history.state, "", window.verbundQuery);
      window.verbundQuery = null;
    }
    document.querySelectorAll("[data-vb-finder]").forEach(function (el) {
      // A large directory's finder queries an index (finder-index.js, loaded by that page);
      // without it the page keeps its server-rendered pages, which work without script.
      if (!el.hasAttribute("data-vb-index")) new Finder(el);
      else if (window.verbundIndexFinder) window.verbundIndexFinder(el, Finder, fold);
    });
    document.querySelectorAll("[data-vb-map]").forEach(function (el) { new Map(el); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
