// journal's message drafts: the copy buttons. Without JS the drafts stay plain, selectable text.
// navigator.clipboard first; where it is missing or refused (some browsers on file://), select the
// text and use execCommand("copy"); failing that, leave it selected for Ctrl+C.
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
  window.addEventListener("hashchange", openTargetDraft);
})();
