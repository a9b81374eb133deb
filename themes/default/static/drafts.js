// journal's message drafts: the copy buttons, and the message body in the "Write it in your email app" link.
// Without JS the drafts stay plain, selectable text, and the link opens the email app with recipient and
// subject only. Copy: navigator.clipboard first; where it is missing or refused (some browsers on file://),
// select the text and use execCommand("copy"); failing that, leave it selected for Ctrl+C.
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
    Array.prototype.forEach.call(document.querySelectorAll(".draft button.copy"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    openTargetDraft();
  });
  ["pointerover", "focusin", "contextmenu", "click"].forEach(function (type) {
    document.addEventListener(type, completeMailto, true);
  });
  window.addEventListener("hashchange", openTargetDraft);
})();
