// journal's message drafts: the copy buttons, and the message body in the "Write it in your email app" link.
// Without JS the drafts stay plain, selectable text, and the link opens the email app with recipient and
// subject only. Copy: navigator.clipboard first; where it is missing or refused (some browsers on file://),
// select the text and use execCommand("copy"); failing that, leave it selected for Ctrl+C.
// A reach-out page can hold thousands of drafts: the buttons are made when a draft is first opened (they
// are of no use without JS, so the page does not carry them), and one listener serves them all.
(function () {
  "use strict";

  var timers = new WeakMap();

  function say(button, text) {
    var status = button.closest(".draft").querySelector(".copy-status");
    if (!status) return;
    status.textContent = text;
    clearTimeout(timers.get(status));
    timers.set(status, setTimeout(function () { status.textContent = ""; }, 4000));
  }

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function copyBySelection(field) {
    selectAll(field);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var field = button.closest(".draft").querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    var copied = function () { say(button, "Copied."); };
    var fallback = function () {
      if (copyBySelection(field)) copied();
      else say(button, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(copied, fallback);
    } else {
      fallback();
    }
  }

  function copyButton(label, field) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = "copy";
    made.setAttribute("data-copy", field);
    made.textContent = label;
    return made;
  }

  // The copy buttons and their status line, once per draft. A theme's _draft.html may write its own
  // buttons (`button.copy[data-copy]`, hidden): those are shown instead.
  function addCopyButtons(draft) {
    if (draft.hasAttribute("data-copy-ready")) return;
    draft.setAttribute("data-copy-ready", "");
    var own = draft.querySelectorAll("button.copy");
    if (own.length) {
      Array.prototype.forEach.call(own, function (shown) { shown.hidden = false; });
      return;
    }
    var actions = draft.querySelector(".draft-actions");
    if (!actions || !draft.querySelector(".draft-text")) return;
    var first = actions.firstChild;
    actions.insertBefore(copyButton("Copy message", ".draft-text"), first);
    if (draft.querySelector(".draft-subject")) {
      actions.insertBefore(copyButton("Copy subject", ".draft-subject"), first);
    }
    if (!draft.querySelector(".copy-status")) {
      var status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      actions.appendChild(status);
    }
  }

  function onToggle(event) {
    var draft = event.target;
    if (draft.matches && draft.matches("details.draft") && draft.open) addCopyButtons(draft);
  }

  function onClick(event) {
    var pressed = event.target.closest && event.target.closest(".draft button.copy");
    if (pressed) copy(pressed);
  }

  // The page writes each draft's text once, in its textarea; the mailto: link stops after the subject.
  // The body is appended when the link is about to be used (hovered, focused, right-clicked or clicked:
  // a click handler runs before the browser follows the link), encoded as the builder's mailto_link does
  // (RFC 6068: every byte but letters, digits and _.-~ as %XX, line breaks as CRLF).
  function percentEncoded(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function completeMailto(event) {
    var link = event.target.closest && event.target.closest(".draft a.mailto");
    if (!link) return;
    var href = link.getAttribute("href");
    if (href.indexOf("&body=") !== -1) return; // done already (a percent-encoded subject holds no '&')
    var text = link.closest(".draft").querySelector(".draft-text");
    if (!text) return;
    link.setAttribute("href", href + "&body=" + percentEncoded(text.value.replace(/\r?\n/g, "\r\n")));
  }

  // A link to an item's draft (from "What to do today" to the reach-out page) opens that draft.
  // (By the fragment itself, as the browser finds it: `:target` may not be set yet at DOMContentLoaded.)
  function openTargetDraft() {
    var id = location.hash.slice(1);
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) {
      try {
        target = document.getElementById(decodeURIComponent(id));
      } catch (error) {
        return; // a malformed escape: no element has that id
      }
    }
    var draft = target && target.querySelector("details.draft");
    if (draft) draft.open = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.draft[open]"), addCopyButtons);
    openTargetDraft();
  });
  document.addEventListener("toggle", onToggle, true); // toggle does not bubble: listen while it descends
  document.addEventListener("click", onClick);
  ["pointerover", "focusin", "contextmenu", "click"].forEach(function (type) {
    document.addEventListener(type, completeMailto, true);
  });
  window.addEventListener("hashchange", openTargetDraft);
})();
