/* opsloop search: the browser half of src/search.
 *
 * Loads the index written by src/search/shards.rs with <script> tags (never fetch/XHR, so
 * it works from file://), ranks with the BM25 scores stored in the postings, and renders
 * results on the search page. On every other page it only makes "/" focus the search box.
 *
 * Plain ES2019 plus Unicode property escapes; no dependencies.
 * Test hook: window.__opsloopSearch.query(q, {kind, service, theme, year, offset, limit})
 * returns a Promise of an array of results (with a `total` property).
 */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window : globalThis;
  var doc = typeof document !== 'undefined' ? document : null;
  var thisScript = doc && doc.currentScript;
  // Included twice (base.html and the search page)? The first copy does everything.
  if (doc && root.__opsloopSearch && root.__opsloopSearch.Engine) return;

  var FORMAT = 2; // src/search/shards.rs FORMAT_VERSION
  var PER_PAGE = 10; // src/search/mod.rs RESULTS_PER_PAGE
  var MAX_PREFIX_SHARDS = 6; // src/search/mod.rs MAX_PREFIX_SHARDS
  var MAX_TOKEN_CHARS = 32; // src/search/fold.rs MAX_TOKEN_CHARS

  // ---- folding and tokenising: mirrors src/search/fold.rs ---------------------------

  var SPECIAL = {
    'ß': 'ss', 'ẞ': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd',
    'ð': 'd', 'þ': 'th', 'ł': 'l', 'ı': 'i', 'ħ': 'h', 'ŧ': 't'
  };
  var SPECIAL_RE = /[ßẞæœøđðþłıħŧ]/g;
  var MARK_RE = /\p{M}/gu;
  var WORD_RE = /[\p{Alphabetic}\p{N}]+/gu;
  var WORD_CHAR_RE = /[\p{Alphabetic}\p{N}]/u;
  // A word as written (marks included), for highlighting the original text.
  var RAW_WORD_RE = /[\p{Alphabetic}\p{N}\p{M}]+/gu;

  function fold(text) {
    return String(text)
      .toLowerCase()
      .normalize('NFKD')
      .replace(MARK_RE, '')
      .replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
  }

  function tokens(text) {
    var words = fold(text).match(WORD_RE) || [];
    return words.filter(function (w) { return Array.from(w).length <= MAX_TOKEN_CHARS; });
  }

  /** Whether the reader is still typing the last word (no space or punctuation after it). */
  function endsInWord(text) {
    var chars = Array.from(String(text));
    return chars.length > 0 && WORD_CHAR_RE.test(fold(chars[chars.length - 1]));
  }

  /** Parsed query: unique words, and whether the last one is a prefix. */
  function parse(q) {
    var words = [];
    tokens(q).forEach(function (w) {
      var i = words.indexOf(w);
      if (i >= 0) words.splice(i, 1);
      words.push(w);
    });
    return { words: words, prefix: words.length > 0 && endsInWord(q) };
  }

  function escapeHtml(s) {
    return String(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  /** `text` escaped, with every word matching the query wrapped in <mark>. */
  function highlight(text, parsed) {
    text = String(text || '');
    var last = parsed.prefix ? parsed.words[parsed.words.length - 1] : null;
    var out = '';
    var pos = 0;
    var m;
    RAW_WORD_RE.lastIndex = 0;
    while ((m = RAW_WORD_RE.exec(text)) !== null) {
      var hit = tokens(m[0]).some(function (t) {
        return parsed.words.indexOf(t) >= 0 || (last !== null && t.indexOf(last) === 0);
      });
      if (!hit) continue;
      out += escapeHtml(text.slice(pos, m.index)) + '<mark>' + escapeHtml(m[0]) + '</mark>';
      pos = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(pos));
  }

  // ---- the index ----------------------------------------------------------------------

  /** `base`: URL of the search/ directory, ending in '/'. `load(url)`: Promise, runs a script. */
  function Engine(base, load) {
    this.base = base;
    this.load = load;
    this.files = {};
    this.terms = {};
    this.docs = {};
    this.manifest = null;
    this.ready = null;
  }

  Engine.prototype.file = function (path) {
    var self = this;
    if (!self.files[path]) {
      self.files[path] = self.load(new URL(path, self.base).href).catch(function (e) {
        delete self.files[path];
        throw e;
      });
    }
    return self.files[path];
  };

  Engine.prototype.init = function () {
    var self = this;
    if (!self.ready) {
      self.ready = self.file('manifest.js').then(function () {
        var m = self.manifest;
        if (!m) throw new Error('search/manifest.js did not register an index');
        if (m.v !== FORMAT) throw new Error('search/ holds an index of format ' + m.v + ', this page reads ' + FORMAT + ': reload, or rebuild the site');
        self.starts = [''].concat(m.t);
        self.docStarts = [];
        var at = 0;
        m.d.forEach(function (size) { self.docStarts.push(at); at += size; });
        return m;
      });
    }
    return self.ready;
  };

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  /** Index of the last element of sorted `arr` that is <= `key`. */
  function floorIndex(arr, key) {
    var lo = 0;
    var hi = arr.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (arr[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  Engine.prototype.termShard = function (n) {
    var self = this;
    return self.file('t/' + n + '.js').then(function () {
      if (!self.terms[n]) throw new Error('search/t/' + n + '.js did not register');
      return self.terms[n];
    });
  };

  Engine.prototype.docShard = function (n) {
    var self = this;
    return self.file('d/' + n + '.js').then(function () {
      if (!self.docs[n]) throw new Error('search/d/' + n + '.js did not register');
      return self.docs[n];
    });
  };

  /** Map doc id -> score for one query word; a prefix takes each doc's best completion. */
  Engine.prototype.word = function (word, prefix) {
    var self = this;
    var first = floorIndex(self.starts, word);
    var lastShard = first;
    if (prefix) {
      var end = floorIndex(self.starts, word + '\uffff');
      if (end - first + 1 <= MAX_PREFIX_SHARDS) lastShard = end; else prefix = false;
    }
    var loads = [];
    for (var n = first; n <= lastShard; n++) loads.push(self.termShard(n));
    return Promise.all(loads).then(function (shards) {
      var scores = new Map();
      function add(p) {
        var id = 0;
        for (var i = 1; i + 1 < p.length; i += 2) {
          id += p[i];
          var s = p[i + 1];
          var prev = scores.get(id);
          if (prev === undefined || s > prev) scores.set(id, s);
        }
      }
      shards.forEach(function (shard) {
        if (!prefix) {
          if (has(shard, word)) add(shard[word]);
          return;
        }
        Object.keys(shard).forEach(function (term) {
          if (term.indexOf(word) === 0) add(shard[term]);
        });
      });
      return scores;
    });
  };

  /** Set of doc ids carrying a facet term (service or theme filter). */
  Engine.prototype.facet = function (term) {
    return this.termShard(floorIndex(this.starts, term)).then(function (shard) {
      var ids = new Set();
      var p = has(shard, term) ? shard[term] : [0];
      var id = 0;
      for (var i = 1; i < p.length; i++) { id += p[i]; ids.add(id); }
      return ids;
    });
  };

  Engine.prototype.getDoc = function (id) {
    var self = this;
    var n = floorIndex(self.docStarts, id);
    return self.docShard(n).then(function (rows) { return rows[id - self.docStarts[n]]; });
  };

  /** Whether `id` passes the kind and year filters (doc ids are grouped by kind and year). */
  function rangeFilter(m, filters) {
    var kind = filters.kind ? m.kinds.indexOf(filters.kind) : -1;
    var year = filters.year ? Number(filters.year) : 0;
    if (kind < 0 && !year) return null;
    var ranges = m.y.filter(function (r) {
      return (kind < 0 || r[0] === kind) && (!year || r[1] === year);
    });
    return function (id) {
      return ranges.some(function (r) { return id >= r[2] && id < r[3]; });
    };
  }

  /** Link of a result: site-relative URLs resolved against the site root; of absolute
   *  ones only http(s) and mailto (the build publishes no others). `[n, id]` is the
   *  manifest's link template n with each `{id}` replaced by the (percent-encoded) id. */
  Engine.prototype.link = function (url) {
    if (Array.isArray(url)) {
      var template = (this.manifest.links || [])[url[0]];
      if (typeof template !== 'string') return '#';
      url = template.split('{id}').join(url[1]);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return /^(https?:|mailto:)/i.test(url) ? url : '#';
    var abs = new URL('../' + url, this.base);
    if (abs.protocol === 'file:' && /\/$/.test(abs.pathname)) abs.pathname += 'index.html';
    return abs.href;
  };

  Engine.prototype.query = function (q, filters) {
    var self = this;
    filters = filters || {};
    var parsed = parse(q || '');
    var offset = Math.max(0, Number(filters.offset) || 0);
    var limit = Math.max(1, Number(filters.limit) || PER_PAGE);
    return self.init().then(function (m) {
      if (parsed.words.length === 0) return withTotal([], 0);
      var last = parsed.words.length - 1;
      var jobs = parsed.words.map(function (w, i) { return self.word(w, parsed.prefix && i === last); });
      jobs.push(filters.service ? self.facet('~s:' + filters.service) : Promise.resolve(null));
      jobs.push(filters.theme ? self.facet('~t:' + filters.theme) : Promise.resolve(null));
      return Promise.all(jobs).then(function (got) {
        var theme = got.pop();
        var service = got.pop();
        var inRange = rangeFilter(m, filters);
        var total = new Map();
        got.forEach(function (scores) {
          scores.forEach(function (s, id) { total.set(id, (total.get(id) || 0) + s); });
        });
        var ranked = [];
        total.forEach(function (s, id) {
          if (inRange && !inRange(id)) return;
          if (service && !service.has(id)) return;
          if (theme && !theme.has(id)) return;
          ranked.push([id, s]);
        });
        ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var page = ranked.slice(offset, offset + limit);
        return Promise.all(page.map(function (r) { return self.getDoc(r[0]); })).then(function (rows) {
          var results = rows.map(function (d, i) {
            return {
              id: page[i][0],
              score: page[i][1] / m.scale,
              kind: m.kinds[d[0]],
              title: d[1],
              date: d[2],
              url: self.link(d[3]),
              snippet: d[4],
              titleHtml: highlight(d[1], parsed),
              snippetHtml: highlight(d[4], parsed)
            };
          });
          return withTotal(results, ranked.length);
        });
      });
    });
  };

  function withTotal(results, total) {
    results.total = total;
    return results;
  }

  // ---- registration: what the index files call ------------------------------------------

  var api = root.__opsloopSearch || {};
  root.__opsloopSearch = api;
  api.engine = null;
  api.manifest = function (m) { if (api.engine) api.engine.manifest = m; };
  api.shard = function (n, terms) { if (api.engine) api.engine.terms[n] = terms; };
  api.docs = function (n, rows) { if (api.engine) api.engine.docs[n] = rows; };
  api.query = function (q, filters) {
    if (!api.engine) return Promise.reject(new Error('search index location unknown'));
    return api.engine.query(q, filters);
  };
  api.fold = fold;
  api.tokens = tokens;
  api.parse = parse;
  api.highlight = highlight;
  api.Engine = Engine;

  if (typeof module === 'object' && module.exports) module.exports = api;

  if (!doc) return;

  // ---- the page ------------------------------------------------------------------------

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = doc.createElement('script');
      s.src = url;
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('could not load ' + url)); };
      doc.head.appendChild(s);
    });
  }

  function indexBase() {
    var hint = thisScript && thisScript.getAttribute('data-index');
    if (hint) return new URL(hint, doc.baseURI).href;
    var src = thisScript && thisScript.src ? thisScript.src : doc.baseURI;
    return new URL('search/', src).href;
  }

  api.engine = new Engine(indexBase(), loadScript);

  function searchBox() {
    return doc.getElementById('search-input') || doc.querySelector('input[type=search][name=q]');
  }

  doc.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = searchBox();
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  function onReady(fn) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', fn); else fn();
  }

  onReady(function () {
    var out = doc.getElementById('search-results');
    if (out) searchPage(out);
  });

  var FILTERS = ['kind', 'service', 'theme', 'year'];

  function searchPage(out) {
    var form = doc.getElementById('search-form');
    var input = doc.getElementById('search-input');
    var status = doc.getElementById('search-status');
    var more = doc.getElementById('search-more');
    var params = new URLSearchParams(root.location.search);
    var shown = 0;
    var seq = 0;
    input.value = params.get('q') || '';

    api.engine.init().then(function (m) {
      var present = m.kinds.filter(function (k, i) { return m.y.some(function (r) { return r[0] === i; }); });
      fillSelect('kind', present.map(function (k) { return [k, k]; }), params.get('kind'));
      fillSelect('service', m.services, params.get('service'));
      fillSelect('theme', m.themes, params.get('theme'));
      var years = [];
      m.y.forEach(function (r) { if (r[1] && years.indexOf(r[1]) < 0) years.push(r[1]); });
      years.sort(function (a, b) { return b - a; });
      fillSelect('year', years.map(function (y) { return [String(y), String(y)]; }), params.get('year'));
      run(false);
    }, function (e) {
      status.textContent = 'Search is unavailable: ' + e.message;
    });

    function fillSelect(name, pairs, selected) {
      var sel = doc.getElementById('search-' + name);
      if (!sel) return;
      pairs.forEach(function (p) {
        var o = doc.createElement('option');
        o.value = p[0];
        o.textContent = p[1];
        if (p[0] === selected) o.selected = true;
        sel.appendChild(o);
      });
      sel.addEventListener('change', function () { run(false); });
    }

    function filters() {
      var f = {};
      FILTERS.forEach(function (name) {
        var sel = doc.getElementById('search-' + name);
        if (sel && sel.value) f[name] = sel.value;
      });
      return f;
    }

    function remember(q, f) {
      var p = new URLSearchParams();
      if (q) p.set('q', q);
      FILTERS.forEach(function (name) { if (f[name]) p.set(name, f[name]); });
      var search = p.toString();
      try {
        root.history.replaceState(null, '', search ? '?' + search : root.location.pathname);
      } catch (e) { /* some browsers refuse on file:// */ }
    }

    function run(append) {
      var q = input.value;
      var f = filters();
      var my = ++seq;
      if (!append) remember(q, f);
      f.offset = append ? shown : 0;
      f.limit = PER_PAGE;
      if (!tokens(q).length) {
        out.innerHTML = '';
        status.textContent = '';
        more.hidden = true;
        shown = 0;
        return;
      }
      api.engine.query(q, f).then(function (results) {
        if (my !== seq) return;
        if (!append) { out.innerHTML = ''; shown = 0; }
        results.forEach(function (r) { out.appendChild(item(r)); });
        shown += results.length;
        status.textContent = results.total === 0
          ? 'No results for “' + q.trim() + '”' + (hasFilters(f) ? ' with these filters.' : '.')
          : results.total + (results.total === 1 ? ' result' : ' results') + ' for “' + q.trim() + '”.';
        more.hidden = shown >= results.total;
      }, function (e) {
        if (my === seq) status.textContent = 'Search failed: ' + e.message;
      });
    }

    function hasFilters(f) {
      return FILTERS.some(function (name) { return f[name]; });
    }

    function item(r) {
      var li = doc.createElement('li');
      li.className = 'search-result search-result--' + r.kind;
      li.innerHTML =
        '<a href="' + escapeHtml(r.url) + '">' + r.titleHtml + '</a>' +
        ' <span class="search-kind">' + escapeHtml(r.kind) + '</span>' +
        (r.date ? ' <time datetime="' + escapeHtml(r.date) + '">' + escapeHtml(r.date) + '</time>' : '') +
        (r.snippet ? '<p class="search-snippet">' + r.snippetHtml + '</p>' : '');
      return li;
    }

    var timer = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(false); }, 60);
    });
    if (form) form.addEventListener('submit', function (e) { e.preventDefault(); run(false); });
    more.addEventListener('click', function () { run(true); });

    // Arrow keys move between the box and the result links; Tab works as usual.
    function links() { return Array.prototype.slice.call(out.querySelectorAll('a')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && links().length) { e.preventDefault(); links()[0].focus(); }
    });
    out.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var all = links();
      var i = all.indexOf(doc.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === 'ArrowDown' && i + 1 < all.length) all[i + 1].focus();
      if (e.key === 'ArrowUp') (i > 0 ? all[i - 1] : input).focus();
    });
  }
})();
