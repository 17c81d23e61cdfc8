// opsloop serve: reloads the page when the site has been rebuilt. Added to pages only by
// `opsloop serve`; never part of a built site.
(function () {
  var script = document.currentScript;
  var seen = script && script.dataset.version;
  function poll() {
    fetch("/__opsloop/version", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : seen; })
      .then(function (v) {
        if (seen && v !== seen) { location.reload(); return; }
        seen = v;
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
