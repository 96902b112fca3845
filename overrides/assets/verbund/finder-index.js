/* Verbund: the directory's finder for large directories ("index mode").

   verbund.js filters a list that is entirely in the page. A national directory cannot
   be in one page, so the page holds the first page of the list and this script answers
   queries from the static index in directory/index/ (written by hooks/verbund/dirindex.py,
   which documents the format). It fetches only what a query needs: the facet data once,
   one text shard per word, the card files of the results it shows. Filters, counts and
   the URL behave as in verbund.js, whose Finder lends this one its form handling.
   Record text is only ever inserted as text (textContent), never as HTML. */
(function () {
  "use strict";

  // The id lists' code: gaps in base 32; the last digit of a number from FINAL.
  var FINAL = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var MORE = "0123456789abcdefghijklmnopqrstuv";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) {
    DIGIT[MORE.charCodeAt(d)] = d;
    DIGIT[FINAL.charCodeAt(d)] = 32 + d;
  }
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;

  function bitset(n) { return new Uint32Array((n + 31) >>> 5); }

  function all(n) {
    var bits = bitset(n);
    bits.fill(0xffffffff);
    if (n & 31) bits[bits.length - 1] = (1 << (n & 31)) - 1;
    return bits;
  }

  /* Decode an id list into `bits` (ORed in): gaps, or "~" and a base64 bitset. */
  function decodeInto(text, bits) {
    var k;
    if (text.charAt(0) === "~") {
      var raw = atob(text.slice(1));
      for (k = 0; k < raw.length; k++) {
        var byte = raw.charCodeAt(k);
        if (byte) bits[k >>> 2] |= byte << ((k & 3) * 8);
      }
      return bits;
    }
    var id = -1, value = 0;
    for (k = 0; k < text.length; k++) {
      var digit = DIGIT[text.charCodeAt(k)];
      if (digit < 32) { value = value * 32 + digit; continue; }
      id += value * 32 + digit - 32 + 1;
      bits[id >>> 5] |= 1 << (id & 31);
      value = 0;
    }
    return bits;
  }

  function and(a, b) {
    if (!a) return b;
    if (!b) return a;
    var out = new Uint32Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] & b[i];
    return out;
  }

  function popcount(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }

  function count(bits, mask) {
    var n = 0;
    for (var i = 0; i < bits.length; i++) n += popcount(mask ? bits[i] & mask[i] : bits[i]);
    return n;
  }

  function ids(bits) {
    var out = [];
    for (var i = 0; i < bits.length; i++) {
      var word = bits[i];
      while (word) {
        var low = word & -word;
        out.push(i * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
    return out;
  }

  function IndexFinder(root, Finder, fold) {
    var self = this;
    this.fold = fold;
    this.root = root;
    this.form = root.querySelector("[data-vb-filters]");
    this.status = root.querySelector("[data-vb-status]");
    this.empty = root.querySelector("[data-vb-empty]");
    this.query = root.querySelector("[data-vb-query]");
    this.list = root.querySelector("[data-vb-list]");
    this.pager = root.querySelector("[data-vb-pager]");
    this.more = root.querySelector("[data-vb-more]");
    this.facets = Array.prototype.map.call(root.querySelectorAll("[data-vb-facet]"), function (el) {
      return el.getAttribute("data-vb-facet");
    });
    this.base = root.getAttribute("data-vb-index");
    this.version = root.getAttribute("data-vb-version");
    this.step = parseInt(root.getAttribute("data-vb-page-size"), 10) || 20;
    this.serverList = Array.prototype.slice.call(this.list.children);
    this.serverStatus = this.status.textContent;
    this.counts = Array.prototype.map.call(root.querySelectorAll("[data-vb-count]"), function (el) {
      return [el, el.textContent];
    });
    this.data = null;
    this.loading = null;
    this.shards = {};
    this.words = {};
    this.cards = {};
    this.seq = 0;
    this.results = null;
    this.shown = 0;
    this.form.hidden = false;
    this.bind();
    this.more.addEventListener("click", function () { self.showMore(self.seq, true); });
    // Fetch the facet data while the visitor is still choosing.
    this.form.addEventListener("focusin", function () { self.load().catch(function () {}); }, { once: true });
    this.readUrl();
    this.apply(false);
  }

  IndexFinder.extend = function (Finder) {
    ["bind", "selected", "readUrl", "writeUrl"].forEach(function (name) {
      IndexFinder.prototype[name] = Finder.prototype[name];
    });
  };

  IndexFinder.prototype.fetch = function (path) {
    return window.fetch(this.base + path + "?v=" + encodeURIComponent(this.version))
      .then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
  };

  /* The facet data (every value's ids, decoded to bitsets) and the text shards' names. */
  IndexFinder.prototype.load = function () {
    var self = this;
    if (!this.loading) {
      this.loading = this.fetch("facets.json").then(function (raw) {
        var facets = {};
        Object.keys(raw.facets).forEach(function (f) {
          facets[f] = {};
          Object.keys(raw.facets[f]).forEach(function (value) {
            facets[f][value] = decodeInto(raw.facets[f][value], bitset(raw.n));
          });
        });
        var shards = Object.create(null);
        raw.text.forEach(function (prefix, k) { shards[prefix] = k; });
        self.data = { n: raw.n, cardShard: raw.card_shard, facets: facets, shards: shards };
        return self.data;
      });
      this.loading.catch(function () { self.loading = null; });  // a later query retries
    }
    return this.loading;
  };

  /* The records with a word that starts with `word`: one text shard answers it, the
     one of the longest prefix of `word` that has a shard. */
  IndexFinder.prototype.wordBits = function (word) {
    var self = this, data = this.data;
    if (this.words[word]) return this.words[word];
    var chars = Array.from(word), prefix = null, k;
    for (var length = chars.length; length >= 0 && prefix === null; length--) {
      var candidate = chars.slice(0, length).join("");
      if (candidate in data.shards) prefix = candidate;
    }
    if (prefix === null) return Promise.resolve(bitset(data.n));
    k = data.shards[prefix];
    if (!this.shards[k]) this.shards[k] = this.fetch("text/" + k + ".json");
    var promise = this.shards[k].then(function (shard) {
      var bits = bitset(data.n);
      if (word === prefix && shard.u !== undefined) return decodeInto(shard.u, bits);
      Object.keys(shard.t).forEach(function (token) {
        if (token.lastIndexOf(word, 0) === 0) decodeInto(shard.t[token], bits);
      });
      return bits;
    });
    promise.catch(function () { delete self.shards[k]; delete self.words[word]; });
    this.words[word] = promise;
    return promise;
  };

  IndexFinder.prototype.apply = function (push) {
    var self = this;
    var state = this.selected();
    var text = this.query ? this.query.value.trim() : "";
    var words = (this.fold(text).match(WORD) || []).filter(function (w, i, list) {
      return list.indexOf(w) === i;
    });
    var seq = ++this.seq;
    var active = 0;
    this.facets.forEach(function (f) {
      active += state[f].length;
      var marker = self.root.querySelector('[data-vb-facet="' + f + '"] [data-vb-active]');
      if (marker) marker.textContent = state[f].length ? "(" + state[f].length + ")" : "";
    });
    var badge = this.form.querySelector("[data-vb-total-active]");
    if (badge) badge.textContent = active ? "(" + active + ")" : "";
    if (push) this.writeUrl(state, text);
    if (!active && !words.length) {
      this.showServerList();
      return;
    }
    this.list.setAttribute("aria-busy", "true");
    if (!this.data) this.status.textContent = this.root.getAttribute("data-vb-loading");
    this.load().then(function (data) {
      return Promise.all(words.map(function (w) { return self.wordBits(w); })).then(function (masks) {
        if (seq !== self.seq) return null;
        var textMask = masks.reduce(and, null);
        var chosen = {};
        self.facets.forEach(function (f) {
          if (!state[f].length) return;
          var bits = bitset(data.n);
          state[f].forEach(function (value) {
            var values = data.facets[f] || {};
            if (values[value]) for (var i = 0; i < bits.length; i++) bits[i] |= values[value][i];
          });
          chosen[f] = bits;
        });
        var without = function (skip) {
          var mask = textMask;
          self.facets.forEach(function (f) { if (f !== skip && chosen[f]) mask = and(mask, chosen[f]); });
          return mask;
        };
        // Facet counts: how many results each option would give, with the other facets.
        self.facets.forEach(function (f) {
          var mask = without(f), values = data.facets[f] || {};
          self.root.querySelectorAll('[data-vb-facet="' + f + '"] input').forEach(function (input) {
            var n = values[input.value] ? count(values[input.value], mask) : 0;
            input.closest("label").querySelector("[data-vb-count]").textContent = n;
            input.closest("li").classList.toggle("vb-zero", n === 0 && !input.checked);
          });
        });
        self.results = ids(without(null) || all(data.n));
        self.shown = 0;
        return self.showMore(seq, false);
      });
    }).catch(function () { if (seq === self.seq) self.fail(); });
  };

  /* No query: the server's first page, its pager and its counts, as without script. */
  IndexFinder.prototype.showServerList = function () {
    var list = this.list;
    this.results = null;
    list.textContent = "";
    this.serverList.forEach(function (li) { list.appendChild(li); });
    list.removeAttribute("aria-busy");
    this.counts.forEach(function (pair) {
      pair[0].textContent = pair[1];
      pair[0].closest("li").classList.remove("vb-zero");
    });
    this.pager.hidden = false;
    this.more.hidden = true;
    this.empty.hidden = true;
    this.status.textContent = this.serverStatus;
  };

  IndexFinder.prototype.fail = function () {
    this.showServerList();
    this.status.textContent = this.root.getAttribute("data-vb-error");
  };

  /* The next results: fetch the card files they are in, then append them. */
  IndexFinder.prototype.showMore = function (seq, focus) {
    var self = this, data = this.data, size = data.cardShard;
    var next = this.results.slice(this.shown, this.shown + this.step);
    var files = [];
    next.forEach(function (id) {
      var k = Math.floor(id / size);
      if (files.indexOf(k) < 0) files.push(k);
    });
    var lang = this.root.getAttribute("data-vb-lang");
    this.list.setAttribute("aria-busy", "true");
    return Promise.all(files.map(function (k) {
      if (!self.cards[k]) {
        self.cards[k] = self.fetch("cards/" + lang + "/" + k + ".json");
        self.cards[k].catch(function () { delete self.cards[k]; });
      }
      return self.cards[k];
    })).then(function (shards) {
      if (seq !== self.seq) return;
      var byFile = {};
      files.forEach(function (k, i) { byFile[k] = shards[i]; });
      if (self.shown === 0) self.list.textContent = "";
      var first = null;
      next.forEach(function (id) {
        var li = self.card(byFile[Math.floor(id / size)][id % size]);
        self.list.appendChild(li);
        first = first || li;
      });
      self.shown += next.length;
      self.list.removeAttribute("aria-busy");
      self.pager.hidden = true;
      self.more.hidden = self.shown >= self.results.length;
      self.empty.hidden = self.results.length !== 0;
      var template = self.status.getAttribute("data-vb-template");
      self.status.textContent = template.replace("{count}", self.results.length)
        .replace("{total}", data.n);
      if (focus && first) first.querySelector("a").focus();
    });
  };

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /* A card as the list's card macro writes it: [slug, name, meta, summary, lang, rtl, status]. */
  IndexFinder.prototype.card = function (c) {
    var li = document.createElement("li");
    var article = element("article", "vb-card" + (c[6] ? " vb-card--" + c[6] : ""));
    var title = element("h2", "vb-card__title");
    var link = element("a", null, c[1]);
    link.href = this.root.getAttribute("data-vb-profiles") + encodeURIComponent(c[0]) + "/";
    title.appendChild(link);
    if (c[6]) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(element("span", "vb-badge vb-badge--" + c[6],
                                this.root.getAttribute("data-vb-" + c[6]) || c[6]));
    }
    article.appendChild(title);
    article.appendChild(element("p", "vb-card__meta", c[2]));
    var summary = element("p", "vb-card__summary");
    if (c[4]) {
      var span = element("span", null, c[3]);
      span.lang = c[4];
      if (c[5]) span.dir = "rtl";
      summary.appendChild(span);
    } else {
      summary.textContent = c[3];
    }
    article.appendChild(summary);
    li.appendChild(article);
    return li;
  };

  window.verbundIndexFinder = function (root, Finder, fold) {
    IndexFinder.extend(Finder);
    return new IndexFinder(root, Finder, fold);
  };
})();
