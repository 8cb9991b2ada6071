/* Press conference admin: before saving, show each slot's start, the publication time and the registration
   window in every display zone and in UTC.
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

  function ask(output, url, date, time, zone, eventZone, occurrence, zones) {
    if (!date || !time || !date.value || !time.value) { show(output, [], ""); return; }
    var params = new URLSearchParams();
    params.append("date", date.value);
    params.append("time", time.value);
    params.append("timezone", zone);
    params.append("event_timezone", eventZone ? eventZone.value : "");
    params.append("occurrence", occurrence);
    zones.forEach(function (value) { params.append("zone", value); });
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { show(output, data.lines || [], data.error || ""); })
      .catch(function () { /* keep what was shown; the page works without the preview */ });
  }

  // The event's own times (typed in its zone): a preview list after each, made here, as only JavaScript fills it.
  var EVENT_TIMES = ["publish_at", "registration_opens_at", "registration_closes_at"];

  function eventTimeOutput(form, name, url) {
    var date = form.querySelector('[name="' + name + '_0"]');
    if (!date) return null;
    var box = date.closest("p.datetime") || date.parentNode;
    var output = box.nextElementSibling;
    if (!output || !output.classList.contains("event-time-preview")) {
      output = document.createElement("div");
      output.className = "slot-preview event-time-preview";
      output.setAttribute("aria-live", "polite");
      output.appendChild(document.createElement("ul"));
      box.parentNode.insertBefore(output, box.nextSibling);
    }
    return { output: output, date: date, time: form.querySelector('[name="' + name + '_1"]'), url: url };
  }

  function refresh(form) {
    var eventZone = form.querySelector('[name="timezone"]');
    var zones = displayZones(form);
    var url = null;
    form.querySelectorAll(".slot-preview[data-preview-url]").forEach(function (output) {
      url = output.getAttribute("data-preview-url");
      var slot = output.closest(".inline-related");
      if (!slot || slot.id.indexOf("__prefix__") !== -1 || slot.classList.contains("empty-form")) return;
      ask(output, url, field(slot, "start_date"), field(slot, "start_time"),
          (field(slot, "timezone") || {}).value || "", eventZone,
          (field(slot, "start_occurrence") || {}).value || "", zones);
    });
    if (!url) return;
    EVENT_TIMES.forEach(function (name) {
      var found = eventTimeOutput(form, name, url);
      if (found) ask(found.output, found.url, found.date, found.time, "", eventZone, "", zones);
    });
  }

  function start() {
    var form = document.querySelector("#event_form");
    if (!form || !window.fetch) return;
    var timer = null;
    var sent = false;
    function later() {
      clearTimeout(timer);
      if (!sent) timer = setTimeout(function () { refresh(form); }, 250);
    }
    ["input", "change", "focusout"].forEach(function (type) { form.addEventListener(type, later); });
    // Once the form is sent, the page is about to be replaced: no preview is asked for any more (the click that
    // sends it has just moved the focus out of a field).
    form.addEventListener("submit", function () { sent = true; clearTimeout(timer); });
    document.addEventListener("formset:added", later);
    document.addEventListener("formset:removed", later);
    refresh(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
