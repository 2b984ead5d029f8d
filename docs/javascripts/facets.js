// Faceted lists: the full table is in the page; the selects hide the rows that do not match.
(function () {
  "use strict";
  document.querySelectorAll("[data-chiiki-facets]").forEach(function (box) {
    var table = document.getElementById(box.getAttribute("data-chiiki-facets"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var count = box.querySelector(".facet-count");
    function apply() {
      var wanted = {};
      box.querySelectorAll("select[data-chiiki-facet]").forEach(function (select) {
        if (select.value) wanted[select.getAttribute("data-chiiki-facet")] = select.value;
      });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Object.keys(wanted).every(function (facet) {
          return (" " + (row.getAttribute("data-facet-" + facet) || "") + " ").indexOf(" " + wanted[facet] + " ") >= 0;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + " / " + rows.length + " 件";
    }
    box.querySelectorAll("select").forEach(function (select) { select.addEventListener("change", apply); });
    box.hidden = false;
    apply();
  });
})();
