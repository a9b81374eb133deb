// journal's default theme: table sorting and the status filter. The site is complete without it.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
    return type === "number" && value !== "" ? Number(value) : value;
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1; // empty cells last, whatever the direction
    if (b === "") return -1;
    return a < b ? -1 : 1;
  }

  function sortBy(table, header) {
    var headers = table.tHead.rows[0].cells;
    var index = Array.prototype.indexOf.call(headers, header);
    var type = header.getAttribute("data-type") || "text";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index, type), b = cellValue(r2, index, type);
      if (a === "" || b === "") return compare(a, b);
      return ascending ? compare(a, b) : compare(b, a);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(headers, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
      if (!header.hasAttribute("data-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header); });
    });
  }

  function setUpFilter(table) {
    var tools = document.querySelector(".table-tools");
    var select = document.getElementById("status-filter");
    if (!tools || !select) return;
    var count = tools.querySelector(".filter-count");
    tools.hidden = false;
    select.addEventListener("change", function () {
      var wanted = select.value, shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = !wanted || row.getAttribute("data-status") === wanted;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = wanted ? shown + " of " + table.tBodies[0].rows.length + " shown" : "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    var applications = document.getElementById("applications");
    if (applications) setUpFilter(applications);
  });
})();
