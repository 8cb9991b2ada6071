/* A change form in the admin warns before its page is left with changes not saved (a link followed, a tab
   closed): a press officer who follows a version's "Change" link or a registration count from a release or a
   press conference would otherwise lose what they typed. Submitting the form (any of its buttons) is leaving
   on purpose. The browser words the warning itself. */
(function () {
  "use strict";
  var form = document.querySelector("#content-main form[method=post][id$='_form']");
  if (!form) return;
  // A page shown again with errors holds typing not saved yet (the "someone else saved this" page too).
  var changed = Boolean(document.querySelector("#content-main .errornote"));
  function typed(event) { if (event.isTrusted) changed = true; }  // a person's, not a script's
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers show the warning only when this is set
  });
})();
