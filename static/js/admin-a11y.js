/* Names for form controls that Django's admin widgets draw without one (WCAG 1.3.1 and 4.1.2), found by
   axe-core in tests/e2e/test_admin_accessibility.py. Each fix works on the page, leaving Django's files alone.
   This script runs at the end of <body>: after the widgets' scripts are loaded, before they start. */
(function () {
  "use strict";

  function labelText(field) {
    var label = field.labels && field.labels[0];
    return label ? label.textContent.trim().replace(/:$/, "") : "";
  }

  // Tabular inlines name each column once, in the table head, and give the fields in the rows no label:
  // name every field after its column. The hidden template row is named too, so rows added later are.
  function nameTabularFields(root) {
    var gettext = window.gettext || function (text) { return text; };
    root.querySelectorAll(".tabular table").forEach(function (table) {
      // Django leaves two column headings empty: the row's own (its saved object's name) and the last (the
      // box or link that removes a row). Name them for screen readers.
      if (table.tHead) {
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index, cells) {
          if (cell.textContent.trim()) return;
          var text = cell.classList.contains("original") ? gettext("Row")
            : index === cells.length - 1 ? gettext("Remove") : "";
          if (!text) return;
          var name = document.createElement("span");
          name.className = "visually-hidden";
          name.textContent = text;
          cell.appendChild(name);
        });
      }
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      table.querySelectorAll("tbody tr.form-row").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var name = heads[index] ? heads[index].textContent.trim() : "";
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (name && !field.labels.length && !field.hasAttribute("aria-label")) {
              field.setAttribute("aria-label", name);
            }
          });
        });
      });
    });
  }

  // Select2 (autocomplete fields) puts its own "remove all" button inside the list of chosen items, a <span>
  // where only <li> may be; each chosen item has its own remove button already, so ask Select2 for none.
  // Must happen before Select2 starts, which it does when the document is ready.
  document.querySelectorAll("select.admin-autocomplete[multiple]").forEach(function (select) {
    select.setAttribute("data-allow-clear", "false");
  });

  // Select2 types into a search box of its own, without a label: give it the label of the select it replaces.
  function nameAutocompleteSearches(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      var search = box && box.classList.contains("select2") ? box.querySelector(".select2-search__field") : null;
      if (search && !search.hasAttribute("aria-label") && labelText(select)) {
        search.setAttribute("aria-label", labelText(select));
      }
      // A single choice's box is named by the text chosen, which is empty in a new row: name it by the label
      // too, and the text chosen after it.
      var combobox = box && box.classList.contains("select2") ? box.querySelector(".select2-selection--single") : null;
      var label = select.labels && select.labels[0];
      if (combobox && label) {
        if (!label.id) label.id = select.id + "_label";
        var rendered = combobox.querySelector(".select2-selection__rendered");
        combobox.setAttribute("aria-labelledby", label.id + (rendered ? " " + rendered.id : ""));
        if (rendered) rendered.setAttribute("aria-label", labelText(select));
      }
    });
  }

  // Django renames a copied row's ids and names, not the aria-describedby that points at its help text.
  function renameDescriptions(row) {
    var index = (row.id.match(/-(\d+)$/) || [])[1];
    if (index === undefined) return;
    row.querySelectorAll("[aria-describedby*='__prefix__']").forEach(function (field) {
      field.setAttribute("aria-describedby", field.getAttribute("aria-describedby").replace(/__prefix__/g, index));
    });
  }

  // filter_horizontal boxes show a magnifying-glass icon: a <span> with an aria-label, which a <span> may
  // not carry without a role. It is an image with a text alternative, so say so.
  function nameFilterIcons(root) {
    root.querySelectorAll(".selector .search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // The error summary's links move focus to their field, as the GOV.UK pattern does, and bring its label
  // into view too. An autocomplete field's own <select> is hidden behind Select2's box: focus the box.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var details = target.closest("details");
    if (details) details.open = true;
    var box = target.classList.contains("select2-hidden-accessible") && target.nextElementSibling;
    var focusable = (box && box.querySelector(".select2-selection")) || target;
    if (!focusable.matches("input, select, textarea, button, [tabindex]")) focusable.setAttribute("tabindex", "-1");
    var row = target.closest(".form-row, .fieldBox, fieldset") || target;
    row.scrollIntoView({ block: "start" });
    focusable.focus({ preventScroll: true });
  });

  // A message holding a preview link's address: focus moves to it, and a button copies the address.
  function offerCopy(root) {
    var gettext = window.gettext || function (text) { return text; };
    root.querySelectorAll("input.preview-address").forEach(function (box) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button copy-address";
      button.textContent = gettext("Copy address");
      button.addEventListener("click", function () {
        box.select();
        var done = function () { button.textContent = gettext("Copied"); };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(box.value).then(done);
        else if (document.execCommand("copy")) done();
      });
      box.insertAdjacentElement("afterend", button);
    });
    var message = root.querySelector(".messagelist li:has(input.preview-address)");
    if (message) {
      message.setAttribute("tabindex", "-1");
      message.focus();
    }
  }

  offerCopy(document);
  nameTabularFields(document);
  // Registered after Django's own handlers (their scripts are in <head>), so these run once the widgets exist.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function () { nameAutocompleteSearches(document); });
  }
  document.addEventListener("formset:added", function (event) {
    renameDescriptions(event.target);
    nameTabularFields(document);
    // After the widgets' own handlers have drawn the new row's boxes.
    setTimeout(function () { nameAutocompleteSearches(event.target); }, 0);
  });
  window.addEventListener("load", function () { nameFilterIcons(document); });
})();
