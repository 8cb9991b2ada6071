/* Press conference admin: before saving, show each slot's start in every display zone and in UTC.
   The server does the arithmetic (events/timezones.py); this only sends what is typed and shows the answer.
   Without JavaScript the same lines appear after saving. */
(function () {
  "use strict";

  function field(scope, suffix) {
    return scope.querySelector('[name$="-' + suffix + '"]');
  }

  function displayZones(form) {
    var zones = [];
    form.querySelectorAll('[name^="display_zones-"][name$="-timezone"]').forEach(function (select) {
      var prefix = select.name.slice(0, -"timezone".length);
      if (prefix.indexOf("__prefix__") !== -1 || !select.value) return;
      var remove = form.querySelector('[name="' + prefix + 'DELETE"]');
      if (remove && remove.checked) return;
      var label = form.querySelector('[name="' + prefix + 'label"]');
      var place = form.querySelector('[name="' + prefix + 'place"]');
      var order = form.querySelector('[name="' + prefix + 'order"]');
      zones.push({
        order: order ? Number(order.value) || 0 : 0,
        value: (label ? label.value : "") + "|" + (place ? place.value : "") + "|" + select.value
      });
    });
    zones.sort(function (a, b) { return a.order - b.order; });
    return zones.map(function (zone) { return zone.value; });
  }

  function show(output, lines, error) {
    var list = output.querySelector("ul");
    list.textContent = "";
    (error ? [error] : lines).forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      if (error) item.className = "errornote";
      list.appendChild(item);
    });
  }

  function refresh(form) {
    var eventZone = form.querySelector('[name="timezone"]');
    var zones = displayZones(form);
    form.querySelectorAll(".slot-preview").forEach(function (output) {
      var slot = output.closest(".inline-related");
      if (!slot || slot.id.indexOf("__prefix__") !== -1 || slot.classList.contains("empty-form")) return;
      var date = field(slot, "start_date"), time = field(slot, "start_time");
      if (!date || !time || !date.value || !time.value) { show(output, [], ""); return; }
      var params = new URLSearchParams();
      params.append("date", date.value);
      params.append("time", time.value);
      params.append("timezone", (field(slot, "timezone") || {}).value || "");
      params.append("event_timezone", eventZone ? eventZone.value : "");
      params.append("occurrence", (field(slot, "start_occurrence") || {}).value || "");
      zones.forEach(function (zone) { params.append("zone", zone); });
      fetch(output.getAttribute("data-preview-url") + "?" + params.toString(), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { show(output, data.lines || [], data.error || ""); })
        .catch(function () { /* keep what was shown; the page works without the preview */ });
    });
  }

  // The publication time and registration window are read in the event's zone: their boxes say which, and
  // follow the event's zone box as it is typed (once it names a zone the page's list knows).
  function nameEventZone(form) {
    var eventZone = form.querySelector('[name="timezone"]');
    var known = document.getElementById("time-zone-names");
    if (!eventZone || !known) return;
    eventZone.addEventListener("input", function () {
      var value = eventZone.value.trim();
      if (!known.querySelector('option[value="' + CSS.escape(value) + '"]')) return;
      form.querySelectorAll(".datetime-zone").forEach(function (label) {
        label.textContent = interpolate(gettext("time in %s"), [value]);
      });
    });
  }

  function start() {
    var form = document.querySelector("#event_form");
    if (form) nameEventZone(form);
    if (!form || !window.fetch) return;
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(form); }, 250);
    }
    ["input", "change", "focusout"].forEach(function (type) { form.addEventListener(type, later); });
    document.addEventListener("formset:added", later);
    document.addEventListener("formset:removed", later);
    refresh(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
