/* Guichet embed loader. One tag on the host page:
 *   <script async src="https://help.example.com/guichet.js" data-endpoint="https://intake.example.com"
 *           data-locale="fr" data-region="BE" data-plan="enterprise" data-cloud="germany"
 *           data-container="#help" data-preload="idle"></script>
 * It draws a small launcher in a shadow root (host CSS cannot reach in, pane CSS cannot leak
 * out) and loads the wasm pane only on first open, or when the browser is idle with
 * data-preload="idle". window.Guichet is usable at once: calls made before the pane is loaded
 * are queued. No inline script or style: works under a strict CSP (script-src 'self'
 * 'wasm-unsafe-eval'). */
(function () {
  'use strict';
  if (window.Guichet && window.Guichet.__loader) return; // loaded twice (SPA re-render): keep the first
  var script = document.currentScript;
  var base = new URL('.', script ? script.src : location.href).href;
  var cfg = {};
  if (script) for (var k in script.dataset) cfg[k] = script.dataset[k];
  if (!cfg.bundle) cfg.bundle = base + 'bundle';
  var inline = !!cfg.container;
  // The pane's locale as the pane negotiates it (guichet_core's Locale::negotiate): data-locale,
  // else the browser's language, else the page's <html lang>, else English; the primary subtag
  // of the first one the pane speaks. For the launcher's label and the help center fetched
  // with the pane.
  function paneLocale() {
    var tags = [cfg.locale, navigator.language, document.documentElement.lang];
    for (var i = 0; i < tags.length; i++) {
      var primary = String(tags[i] || '').split(/[-_]/)[0].toLowerCase();
      if (primary === 'fr' || primary === 'en' || primary === 'de') return primary;
    }
    return 'en';
  }
  var listeners = {};
  var queue = [];
  var pane = null;
  var loading = null;
  var beforeSubmit = null;
  var failures = 0;    // failed loads of the pane so far
  var wasm = null;     // the pane's wasm exports, once loaded
  var wanted = true;   // false after Guichet.unmount() until Guichet.mount()
  var early = false;   // loading because the pointer rests on the launcher or it has focus
  var mounted = false; // the wasm pane is mounted in mountPoint

  function emit(name, json) {
    var payload = {};
    try { payload = JSON.parse(json); } catch (e) { /* keep {} */ }
    if (name === 'before-submit') {
      if (!beforeSubmit) return null;
      var changed = beforeSubmit(payload);
      return changed ? JSON.stringify(changed) : null;
    }
    (listeners[name] || []).slice().forEach(function (cb) {
      try { cb(payload); } catch (e) { setTimeout(function () { throw e; }); }
    });
    return null;
  }

  // A custom element name (host rules for div, section... do not match it), reset with
  // `all: initial !important` from script (CSSOM is allowed under CSP; inline !important beats
  // the host's !important), so nothing the host page sets is inherited into the pane.
  var host = document.createElement('guichet-help');
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', inline ? 'block' : 'contents', 'important');
  var root = host.attachShadow({ mode: 'open' });
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = base + 'guichet.css';
  root.appendChild(css);
  var mountPoint = document.createElement('div');
  root.appendChild(mountPoint);
  // Until the pane is loaded: a plain launcher that loads and opens it.
  var launcher = null;
  if (!inline) {
    launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'g-launcher g-preload';
    launcher.textContent = '? ' + ({ fr: 'Aide', de: 'Hilfe' }[paneLocale()] || 'Help');
    launcher.setAttribute('aria-expanded', 'false');
    var wrap = document.createElement('div');
    wrap.className = 'guichet';
    wrap.appendChild(launcher);
    root.appendChild(wrap);
    launcher.addEventListener('click', function () { call('open'); });
    // Intent to open: a pointer resting on the launcher for 65 ms, or keyboard focus on it,
    // starts loading the pane, so the click finds it (partly) downloaded. Not with Save-Data.
    // It only downloads and compiles: the loader's launcher stays until something shows the
    // pane, so a click in progress is never lost to a swap of launchers under the pointer.
    var intent = null;
    var warm = function () {
      intent = null;
      if (pane || loading || (navigator.connection && navigator.connection.saveData)) return;
      load().catch(function () {});
      early = true;
    };
    launcher.addEventListener('pointerenter', function () { intent = intent || setTimeout(warm, 65); });
    launcher.addEventListener('pointerleave', function () { clearTimeout(intent); intent = null; });
    launcher.addEventListener('focus', warm);
  }

  function attach() {
    if (!wanted) return;
    var parent = inline ? document.querySelector(cfg.container) : document.body;
    if (parent && host.parentNode !== parent) parent.appendChild(host);
  }

  // Mounts the loaded pane (in place of the loader's launcher), then replays the calls made
  // while it was not mounted.
  function mountPane() {
    if (pane && !mounted) {
      // The pane brings its own launcher; keyboard focus moves to it.
      var focused = launcher && root.activeElement === launcher;
      if (launcher && launcher.parentNode) launcher.parentNode.remove();
      pane.mount(mountPoint, JSON.stringify(cfg), emit);
      var own = focused && root.getElementById('guichet-launcher');
      if (own) own.focus();
      mounted = true;
      queue.splice(0).forEach(function (c) { run(c[0], c[1]); });
    }
  }

  // Puts the pane back on the page (after unmount() too) and mounts it if it is loaded.
  function put() {
    wanted = true;
    early = false;
    attach();
    mountPane();
  }

  // put(), loading the pane first if needed.
  function show() {
    put();
    if (!pane) load();
  }

  function load() {
    if (!loading) {
      // A failed module fetch stays failed for the page's lifetime under its URL, so a retry
      // asks under another one.
      var url = base + 'guichet-pane.js' + (failures ? '?retry=' + failures : '');
      // The wasm is fetched alongside its glue, not after it (one round trip less); the
      // glue's init takes the pending response and compiles it as it streams in.
      var wasmResponse = fetch(base + 'guichet-pane_bg.wasm');
      wasmResponse.catch(function () {}); // a failure surfaces through init, or not at all
      // So is the help center the first result needs (the pane would ask for it only once its
      // wasm is compiled and running): the pane takes this pending answer for the same URL,
      // and fetches itself if its locale turns out to be another one. When the pane opens on
      // a query (the host page's search box handing over), the pane fetches the other
      // language's help center and the glossary alongside (the query may be in that
      // language): they are read ahead too.
      var bundle = String(cfg.bundle).replace(/\/+$/, '') + '/';
      var locale = paneLocale();
      var ahead = ['help-center.' + locale + '.json'];
      var other = { fr: 'en', en: 'fr' }[locale];
      var query = queue.some(function (c) { return c[0] === 'search' && String(c[1][0] || '').trim(); });
      if (query && other) ahead.push('help-center.' + other + '.json', 'glossary.json');
      ahead = ahead.map(function (name) { return [bundle + name, readAhead(bundle + name)]; });
      // The pane mounts once they are in, so that it takes them at once and shows the first
      // results in its first frame; but it waits for them 100 ms at most (a slow one is the
      // pane's to wait for, with the pane on screen).
      var read = Promise.all(ahead.map(function (a) { return a[1].catch(function () {}); }));
      loading = import(url).then(function (m) {
        return m.default({ module_or_path: wasmResponse }).then(function (w) {
          wasm = w;
          pane = m;
          if (m.started) ahead.forEach(function (a) { m.started(a[0], a[1]); });
          return Promise.race([read, new Promise(function (done) { setTimeout(done, 100); })]);
        }).then(function () {
          // Loaded on intent only: mounted when something shows it.
          if (wanted && !early) mountPane();
        });
      }).catch(function (e) {
        // Offline or a failed deploy: forget this attempt so the next open tries again.
        loading = null;
        failures += 1;
        throw e;
      });
    }
    return loading;
  }

  // Fetches `url` and reads its body now (while the wasm downloads and compiles), for the
  // pane to take as bytes at once: a promise of the body (an ArrayBuffer) when the status is a
  // success, else of the status. A Response's body read after the mount would wait behind the
  // pane's first render, some 40-90 ms on a slow phone. A failure is the pane's to meet.
  function readAhead(url) {
    var answer = fetch(url).then(function (r) { return r.ok ? r.arrayBuffer() : r.status; });
    answer.catch(function () {});
    return answer;
  }

  function run(name, args) {
    var f = pane[name];
    return f ? f.apply(null, args) : undefined;
  }

  // Calls that show the pane load (or re-mount) it; settings (suggest, prefill, identify,
  // setLocale) wait in the queue until it is loaded and mounted, so they never fetch the wasm
  // by themselves.
  var showing = { open: 1, toggle: 1, search: 1, showArticle: 1, showContact: 1, showRequest: 1 };
  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (pane && mounted) return run(name, args);
    if (name === 'suggest') queue = queue.filter(function (c) { return c[0] !== 'suggest'; });
    queue.push([name, args]);
    if (showing[name]) show();
  }

  // Suggestion rules by URL: [{path: '/billing*', items: [...]}, ...], evaluated now and on
  // every SPA navigation (pushState, replaceState, popstate).
  var rules = null;
  function matches(pattern, pathname) {
    return pattern.slice(-1) === '*' ? pathname.indexOf(pattern.slice(0, -1)) === 0 : pathname === pattern;
  }
  function applyRules() {
    if (!rules) return;
    var items = [];
    rules.forEach(function (r) { if (matches(String(r.path), location.pathname)) items = items.concat(r.items || []); });
    call('suggest', JSON.stringify(items));
  }
  ['pushState', 'replaceState'].forEach(function (m) {
    var orig = history[m];
    history[m] = function () { var r = orig.apply(this, arguments); applyRules(); return r; };
  });
  window.addEventListener('popstate', applyRules);

  window.Guichet = {
    __loader: true,
    open: function () { call('open'); },
    close: function () { if (pane) run('close', []); },
    toggle: function () { call('toggle'); },
    search: function (q) { call('search', String(q)); },
    setLocale: function (tag) { call('setLocale', String(tag)); },
    showArticle: function (id) { call('showArticle', String(id)); },
    showContact: function () { call('showContact'); },
    /** Opens "My request" for a signed link token (the confirmation email's link). */
    showRequest: function (token) { call('showRequest', String(token)); },
    /** Article ids or {title, url}; or URL rules [{path: '/billing*', items: [...]}]. */
    suggest: function (x) {
      var list = Array.isArray(x) ? x : [];
      if (list.length && list[0] && typeof list[0] === 'object' && 'path' in list[0]) { rules = list; applyRules(); }
      else { rules = null; call('suggest', JSON.stringify(list)); }
    },
    prefill: function (fields) { call('prefill', JSON.stringify(fields || {})); },
    identify: function (identity) { call('identify', JSON.stringify(identity)); },
    beforeSubmit: function (cb) { beforeSubmit = typeof cb === 'function' ? cb : null; },
    on: function (event, cb) {
      (listeners[event] = listeners[event] || []).push(cb);
      return function off() { listeners[event] = (listeners[event] || []).filter(function (x) { return x !== cb; }); };
    },
    /** Puts the pane back after unmount(), or after the host SPA replaced the page
     * (idempotent). The pane comes back with the state it had. */
    mount: put,
    remount: put,
    /** Size of the pane's wasm memory in bytes (0 before it loads); for leak reports. */
    __wasmMemoryBytes: function () { return wasm ? wasm.memory.buffer.byteLength : 0; },
    /** Takes the pane off the page (a SPA route without help, a component's cleanup): its
     * DOM, listeners and timers are released. Queued tickets stay queued. showing calls
     * (open, search...) or mount() bring it back. */
    unmount: function () {
      wanted = false;
      if (pane && mounted) { pane.unmount(); mounted = false; }
      if (host.parentNode) host.parentNode.removeChild(host);
    },
  };

  attach();
  // A confirmation email's link (…#guichet-request=TOKEN) opens that request.
  var linked = /[#&]guichet-request=([^&]+)/.exec(location.hash);
  if (linked) window.Guichet.showRequest(decodeURIComponent(linked[1]));
  // SPA routers may replace <body> content: put the host element back if it is removed.
  new MutationObserver(function () { if (!host.isConnected) attach(); }).observe(document.documentElement, { childList: true, subtree: true });
  if (inline) load();
  else if (cfg.preload === 'idle') (window.requestIdleCallback || setTimeout)(function () { load(); });
})();
