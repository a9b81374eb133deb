// journal's default theme: table sorting and the status filter. The site is complete without it.
// On the index, the filter and the sort order live in the address's fragment
// (#status=interviewing&sort=applied-desc), so a reload, back and forward, and a bookmark keep them.
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

  function sortBy(table, header, ascending) {
    var headers = table.tHead.rows[0].cells;
    var index = Array.prototype.indexOf.call(headers, header);
    var type = header.getAttribute("data-type") || "text";
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

  function makeSortable(table, onSort) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
      if (!header.hasAttribute("data-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, header, header.getAttribute("aria-sort") !== "ascending");
        if (onSort) onSort();
      });
    });
  }

  // --- the index's view in the fragment: #status=NAME&sort=KEY-asc|KEY-desc -------------------------

  function readView() {
    var raw = location.hash.slice(1);
    try { raw = decodeURIComponent(raw); } catch (e) { return {}; }
    var view = {};
    if (raw.indexOf("=") < 0) return view; // an ordinary anchor, such as #today
    raw.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) view[pair.slice(0, at)] = pair.slice(at + 1);
    });
    return view;
  }

  function setUpIndex(table) {
    var tools = document.querySelector(".table-tools");
    var select = document.getElementById("status-filter");
    if (!tools || !select) return null;
    var count = tools.querySelector(".filter-count");
    var body = table.tBodies[0];
    var builtOrder = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var builtSort = headers.filter(function (th) { return th.hasAttribute("aria-sort"); })[0];
    var builtDirection = builtSort ? builtSort.getAttribute("aria-sort") : null;
    tools.hidden = false;

    function filter(wanted) {
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var visible = !wanted || row.getAttribute("data-status") === wanted;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = wanted ? shown + " of " + body.rows.length + " shown" : "";
    }

    function currentSort() {
      var sorted = headers.filter(function (th) { return th.hasAttribute("aria-sort"); })[0];
      if (!sorted || (sorted === builtSort && sorted.getAttribute("aria-sort") === builtDirection)) return "";
      return sorted.getAttribute("data-key") + (sorted.getAttribute("aria-sort") === "ascending" ? "-asc" : "-desc");
    }

    // The page's state into the address, replacing the current history entry (no entry per click).
    function save() {
      var parts = [];
      if (select.value) parts.push("status=" + encodeURIComponent(select.value));
      var sort = currentSort();
      if (sort) parts.push("sort=" + sort);
      else builtOrder.forEach(function (row) { body.appendChild(row); }); // the built order, ties and all
      var fragment = parts.join("&");
      if (!fragment && location.hash.indexOf("=") < 0) return; // nothing to keep; #today stays as it is
      var url = location.href.split("#")[0] + (fragment ? "#" + fragment : "");
      if (url !== location.href) history.replaceState(history.state, "", url);
    }

    // The address into the page: the filter, then the order (the order the build wrote when none is named).
    function restore() {
      var view = readView();
      var status = view.status || "";
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === status; });
      select.value = known ? status : "";
      var match = /^(.+)-(asc|desc)$/.exec(view.sort || "");
      var header = match && headers.filter(function (th) { return th.getAttribute("data-key") === match[1]; })[0];
      if (header) {
        sortBy(table, header, match[2] === "asc");
      } else {
        builtOrder.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
        if (builtSort) builtSort.setAttribute("aria-sort", builtDirection);
      }
      filter(select.value);
    }

    select.addEventListener("change", function () {
      filter(select.value);
      save();
    });
    window.addEventListener("hashchange", restore);
    restore();
    return save;
  }

  // On 404.html, shown at the address asked for: say so when that is the page of a file left out for errors.
  function explainNotFound() {
    var asked;
    try {
      asked = decodeURIComponent(location.pathname.replace(/^\//, ""));
    } catch (error) {
      return; // an address no page of the site has
    }
    Array.prototype.forEach.call(document.querySelectorAll(".not-found-this[data-page]"), function (line) {
      if (line.getAttribute("data-page") !== asked) return;
      line.hidden = false;
      var lead = document.querySelector(".not-found-lead");
      if (lead) lead.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.classList.contains("page-404")) explainNotFound();
    var applications = document.getElementById("applications");
    var saveView = null;
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      makeSortable(table, table === applications ? function () { if (saveView) saveView(); } : null);
    });
    if (applications) saveView = setUpIndex(applications);
  });
})();
