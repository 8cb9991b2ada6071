/* Date and time boxes read in a zone chosen on the same form (a press conference's own zone, an embargo's end):
   their "time in …" notes follow the zone box marked data-names-times as it changes, once it names a zone the
   server knows (an option of the box's list, or of the select). Without JavaScript the note names the zone the
   page was drawn with, and the page that follows shows the time read in the zone chosen. */
(function () {
  "use strict";

  function isKnown(box, value) {
    var options = box.list ? box.list.options : box.options;
    return Array.prototype.some.call(options || [], function (option) { return option.value === value; });
  }

  function follow(box) {
    box.addEventListener("input", function () {
      var value = box.value.trim();
      if (!value || !isKnown(box, value)) return;
      box.form.querySelectorAll(".datetime-zone__name").forEach(function (name) { name.textContent = value; });
    });
  }

  function start() {
    document.querySelectorAll("[data-names-times]").forEach(follow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
