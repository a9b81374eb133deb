// journal's search box: finds entries by title, company, role, name, status, tags and body words.
// The index is a script (search-index.js) loaded on first use: a fetch of JSON is blocked on file://.
// Results are built with textContent only: nothing from the journal is ever parsed as HTML.
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var KIND_LABELS = { application: "Application", contact: "Contact", event: "Event" };
  var box, input, list, status, index = null, loading = false, active = -1;

  // The same folding as the index builder (journal/text.py): lowercase, accents dropped, and the Latin
  // letters Unicode does not decompose written as in ASCII (Ørsted is found as "orsted").
  var TRANSLITERATION = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h",
    "\u0131": "i", "ŋ": "ng", "ŧ": "t", "ĸ": "k"
  };
  var TRANSLITERATED = new RegExp("[" + Object.keys(TRANSLITERATION).join("") + "]", "g");

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(TRANSLITERATED, function (letter) { return TRANSLITERATION[letter]; });
  }

  // Letters and digits; "C++" and "C#" keep their sign, as in the index (search.py).
  function wordsOf(text) {
    return fold(text).match(/[\p{L}\p{N}]+(?:(?:\+\+|#)(?!\p{L}))?/gu) || [];
  }

  function spaced(words) {
    return " " + words.join(" ") + " ";
  }

  // The digits of search.py's number encoding: TAIL ends a number, HEAD digits come before it.
  var TAIL = "abcdefghijklmnopqrstuvwxyz012345", HEAD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789_-";
  var DIGITS = {};
  for (var d = 0; d < 32; d++) {
    DIGITS[TAIL.charAt(d)] = { value: d, last: true };
    DIGITS[HEAD.charAt(d)] = { value: d, last: false };
  }

  function decodeNumbers(text) {
    var numbers = [], value = 0, previous = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS[text.charAt(i)];
      value = value * 32 + digit.value;
      if (digit.last) {
        previous += value;
        numbers.push(previous);
        value = 0;
      }
    }
    return numbers;
  }

  function prepare(data) {
    var at = {};
    data.fields.forEach(function (name, position) { at[name] = position; });
    return {
      entries: data.entries.map(function (row) {
        var entry = {
          kind: data.kinds[row[at.kind]], url: row[at.url], title: row[at.title],
          detail: row[at.detail], tags: row[at.tags]
        };
        entry.titleWords = spaced(wordsOf(entry.title));
        entry.infoWords = spaced(wordsOf(entry.detail + " " + entry.tags + " " + entry.kind));
        return entry;
      }),
      words: data.words ? data.words.split(" ") : [],
      postings: data.postings ? data.postings.split(" ") : [],
      decoded: {},
      hits: {}
    };
  }

  // Entry number -> the first body word starting with `term`, over every entry (cached per term).
  function bodyHits(term) {
    if (index.hits[term]) return index.hits[term];
    var hits = new Map(), words = index.words, low = 0, high = words.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (words[middle] < term) low = middle + 1;
      else high = middle;
    }
    for (var w = low; w < words.length && words[w].lastIndexOf(term, 0) === 0; w++) {
      if (!index.decoded[w]) index.decoded[w] = decodeNumbers(index.postings[w]);
      index.decoded[w].forEach(function (number) {
        if (!hits.has(number)) hits.set(number, words[w]);
      });
    }
    index.hits[term] = hits;
    return hits;
  }

  // A term matches the start of a word; whole words and titles rank higher.
  function termScore(entry, term, bodyWord) {
    var start = " " + term, whole = start + " ";
    if (entry.titleWords.indexOf(start) !== -1) return entry.titleWords.indexOf(whole) !== -1 ? 12 : 8;
    if (entry.infoWords.indexOf(start) !== -1) return entry.infoWords.indexOf(whole) !== -1 ? 6 : 4;
    if (bodyWord) return bodyWord === term ? 2 : 1;
    return 0;
  }

  function search(terms) {
    var found = [], hits = terms.map(bodyHits);
    index.entries.forEach(function (entry, number) {
      var score = 0, notes = [];
      for (var i = 0; i < terms.length; i++) {
        var bodyWord = hits[i].get(number);
        var one = termScore(entry, terms[i], bodyWord);
        if (!one) return;
        if (one < 4 && notes.indexOf(bodyWord) === -1) notes.push(bodyWord);
        score += one;
      }
      found.push({ entry: entry, score: score, notes: notes });
    });
    found.sort(function (a, b) {
      return b.score - a.score || (a.entry.title.toLowerCase() < b.entry.title.toLowerCase() ? -1 : 1);
    });
    return found;
  }

  // `text` as nodes, with every word starting with one of `terms` wrapped in <mark>.
  function marked(text, terms) {
    var chars = Array.from(text), folded = "", origin = [];
    chars.forEach(function (char, i) {
      var f = fold(char);
      for (var j = 0; j < f.length; j++) origin.push(i);
      folded += f;
    });
    var hits = chars.map(function () { return false; });
    terms.forEach(function (term) {
      var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gu");
      var match;
      while ((match = pattern.exec(folded)) !== null) {
        var from = match.index + match[1].length, to = from + match[2].length;
        for (var k = from; k < to; k++) hits[origin[k]] = true;
        pattern.lastIndex = to;
      }
    });
    var fragment = document.createDocumentFragment(), run = "", runMarked = false;
    function flush() {
      if (!run) return;
      if (runMarked) {
        var mark = document.createElement("mark");
        mark.textContent = run;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(run));
      }
      run = "";
    }
    chars.forEach(function (char, i) {
      if (hits[i] !== runMarked) { flush(); runMarked = hits[i]; }
      run += char;
    });
    flush();
    return fragment;
  }

  function resultUrl(path) {
    // Resolved against the site's index page as this page links to it, so results work from every folder.
    return new URL(path, new URL(box.getAttribute("data-home"), window.location.href)).href;
  }

  function option(result, terms, position) {
    var entry = result.entry;
    var item = document.createElement("li");
    item.id = "search-result-" + position;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    // An option holds no link (nothing interactive inside an option): a click or Enter opens its URL.
    item.setAttribute("data-url", resultUrl(entry.url));
    var title = document.createElement("span");
    title.className = "result-title";
    title.appendChild(marked(entry.title, terms));
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = KIND_LABELS[entry.kind] || entry.kind;
    item.appendChild(title);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(kind);
    var info = [entry.detail, entry.tags].filter(Boolean).join(" · ");
    if (info) {
      var detail = document.createElement("span");
      detail.className = "result-detail";
      detail.appendChild(marked(info, terms));
      item.appendChild(detail);
    }
    if (result.notes.length) {
      var notes = document.createElement("span");
      notes.className = "result-notes";
      notes.appendChild(document.createTextNode("in notes: "));
      notes.appendChild(marked(result.notes.join(", "), terms));
      item.appendChild(notes);
    }
    item.addEventListener("mousemove", function () { highlight(position); });
    item.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the focus in the box
    item.addEventListener("click", function (event) { open(item, event.ctrlKey || event.metaKey); });
    return item;
  }

  function setOpen(open) {
    list.hidden = !open;
    // The count is for screen readers while the list shows; "nothing matches" is for everyone.
    status.classList.toggle("visually-hidden", open);
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) highlight(-1);
  }

  function highlight(position) {
    var items = list.children;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = position;
    if (active >= 0 && items[active]) {
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function run() {
    var terms = Array.from(new Set(wordsOf(input.value)));
    status.hidden = false;
    list.textContent = "";
    active = -1;
    if (!terms.length) {
      status.textContent = "";
      setOpen(false);
      return;
    }
    if (!index) load();
    if (!index) {
      status.textContent = "Loading the search index…";
      return;
    }
    var found = search(terms);
    found.slice(0, MAX_RESULTS).forEach(function (result, position) {
      list.appendChild(option(result, terms, position));
    });
    if (!found.length) status.textContent = "Nothing matches “" + input.value.trim() + "”.";
    else if (found.length > MAX_RESULTS) status.textContent = "First " + MAX_RESULTS + " of " + found.length + " results.";
    else status.textContent = found.length === 1 ? "1 result." : found.length + " results.";
    setOpen(found.length > 0);
    if (found.length) highlight(0);
  }

  function load() {
    if (window.journalSearchIndex) {
      index = prepare(window.journalSearchIndex);
      return;
    }
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = box.getAttribute("data-index");
    script.addEventListener("load", function () {
      if (!window.journalSearchIndex) return;
      index = prepare(window.journalSearchIndex);
      run();
    });
    script.addEventListener("error", function () {
      loading = false;
      status.textContent = "The search index is missing: build the site again.";
    });
    document.head.appendChild(script);
  }

  function open(item, newTab) {
    if (newTab) window.open(item.getAttribute("data-url"), "_blank", "noopener");
    else window.location.href = item.getAttribute("data-url");
  }

  function openActive(newTab) {
    var item = list.children[active >= 0 ? active : 0];
    if (item && !list.hidden) open(item, newTab);
  }

  function onKey(event) {
    var count = list.children.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) setOpen(true);
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      highlight(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      openActive(event.ctrlKey || event.metaKey);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        setOpen(false);
        status.hidden = true;
      } else if (input.value) { input.value = ""; run(); }
      else input.blur();
    }
  }

  function typing(target) {
    var name = target && target.tagName;
    return name === "INPUT" || name === "TEXTAREA" || name === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    box = document.querySelector(".site-search");
    if (!box) return;
    input = box.querySelector("input");
    list = box.querySelector(".search-results");
    status = box.querySelector(".search-status");
    box.hidden = false;
    // The '/' shortcut needs a keyboard: a phone or tablet is not told to press it.
    if (window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches) {
      input.placeholder = "Search";
    }
    input.addEventListener("focus", load);
    input.addEventListener("input", run);
    input.addEventListener("keydown", onKey);
    box.addEventListener("focusout", function (event) {
      if (box.contains(event.relatedTarget)) return;
      setOpen(false);
      status.hidden = true;
    });
    input.addEventListener("focus", function () { if (input.value) run(); });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  });
})();
