// Material's storage helpers (partials/javascripts/base.html of the pinned Material), with the
// scope taken from this file's own address instead of an inline, per-page base URL: this file
// lives at assets/javascripts/, two folders below the version's root.
__md_scope = new URL("../..", document.currentScript.src);
__md_hash = e => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
