/* Press release admin: quotes. A quote added with "Add another quote" takes the next free number, and under
   the body a button per quote puts its [quote N] line at the cursor. Without JavaScript the server numbers
   the first new row and the officer types [quote N] by hand; the server checks every placement either way. */
(function () {
  "use strict";

  function numberFields(form) {
    return Array.prototype.filter.call(
      form.querySelectorAll('input[name^="quotes-"][name$="-order"]'),
      function (input) {
        if (input.name.indexOf("__prefix__") !== -1) return false;
        var remove = form.querySelector('[name="' + input.name.replace(/order$/, "DELETE") + '"]');
        return !(remove && remove.checked);
      }
    );
  }

  function numbers(form, except) {
    return numberFields(form)
      .filter(function (input) { return input !== except; })
      .map(function (input) { return parseInt(input.value, 10); })
      .filter(function (n) { return n > 0; });
  }

  // The body's line for a quote goes between paragraphs: a blank line before and after it.
  function insertPlaceholder(body, number) {
    var text = body.value, start = body.selectionStart, end = body.selectionEnd;
    var before = text.slice(0, start).replace(/\s*$/, ""), after = text.slice(end).replace(/^\s*/, "");
    var line = "[quote " + number + "]";
    var head = before ? before + "\n\n" : "";
    body.value = head + line + (after ? "\n\n" + after : "\n");
    var caret = (head + line).length;
    body.focus();
    body.setSelectionRange(caret, caret);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function start() {
    var form = document.querySelector("#pressrelease_form");
    var body = form && form.querySelector("textarea[name=body]");
    if (!body) return;

    var placer = document.createElement("div");
    placer.className = "quote-placer";
    placer.setAttribute("role", "group");
    placer.setAttribute("aria-label", gettext("Place a quote in the body"));
    body.insertAdjacentElement("afterend", placer);

    function drawButtons() {
      var list = numbers(form).sort(function (a, b) { return a - b; });
      placer.textContent = "";
      placer.hidden = !list.length;
      list.forEach(function (number) {
        if (placer.querySelector('[data-number="' + number + '"]')) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.dataset.number = number;
        button.textContent = interpolate(gettext("Insert [quote %s] at the cursor"), [number]);
        button.addEventListener("click", function () { insertPlaceholder(body, number); });
        placer.appendChild(button);
      });
    }

    document.addEventListener("formset:added", function (event) {
      if (event.detail.formsetName !== "quotes") return;
      var input = event.target.querySelector('input[name$="-order"]');
      if (input) input.value = Math.max.apply(null, [0].concat(numbers(form, input))) + 1;
      drawButtons();
    });
    document.addEventListener("formset:removed", function (event) {
      if (event.detail.formsetName === "quotes") drawButtons();
    });
    form.addEventListener("input", function (event) {
      if (/^quotes-\d+-order$/.test(event.target.name)) drawButtons();
    });
    form.addEventListener("change", function (event) {
      if (/^quotes-\d+-DELETE$/.test(event.target.name)) drawButtons();
    });
    drawButtons();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
