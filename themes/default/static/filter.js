// Progressive enhancement for actions/: a text box that hides table rows not matching.
// Without JavaScript the page still works through its team/owner anchors.
(function () {
  "use strict";
  var box = document.querySelector(".filter");
  var input = document.getElementById("action-filter");
  if (!box || !input) return;
  box.hidden = false;
  var rows = document.querySelectorAll("tr[data-filter]");
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var text = row.getAttribute("data-filter").toLowerCase();
      row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
    });
  });
})();
