/* Press conference page: the reader's own time beside each slot's time lines.
   Where one of the lines reads as the reader's clock does (the same UTC offset at that instant), that line is
   marked "(your time)"; otherwise a line under them gives the reader's time: "Your time (New York): 4:30am EST,
   Friday 20 January 2023". Progressive enhancement only: the page lists every time without it. Uses the
   browser's time zone (Intl), the house time style the server passes in data-time-style, and the city's name in
   the page's language, which the server answers at data-city-url (Intl has no city names). */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var locale = document.documentElement.lang || undefined;

  var places = {};

  function placeName(url) {
    // A promise of the city the zone is named after, in the page's language ("America/New_York": "Нью-Йорк" on
    // a Russian page), asked once per page; "" for UTC and Etc/GMT-5, which name no place, and if the server
    // cannot be asked: the line is then written without it.
    if (zone.indexOf("/") < 0 || /^Etc\//.test(zone) || !url || !window.fetch) return Promise.resolve("");
    if (!places[url]) {
      places[url] = fetch(url + "?zone=" + encodeURIComponent(zone))
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (answer) { return answer.city || ""; }, function () { return ""; });
    }
    return places[url];
  }

  function part(parts, type) {
    for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return parts[i].value;
    return "";
  }

  function zoneName(instant) {
    // Prefer a lettered abbreviation (BST, EST); otherwise the offset, written UTC+6 as on the rest of the page.
    var names = [locale, "en-US"].map(function (loc) {
      try {
        return part(new Intl.DateTimeFormat(loc, { timeZone: zone, timeZoneName: "short" }).formatToParts(instant),
                    "timeZoneName");
      } catch (error) { return ""; }
    });
    for (var i = 0; i < names.length; i++) if (names[i] && !/^(GMT|UTC)[+\-\u2212]/.test(names[i])) return names[i];
    return (names[0] || "UTC").replace(/^GMT/, "UTC").replace("\u2212", "-");
  }

  function timeText(instant, style) {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hour: "numeric", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(instant);
    var hour = Number(part(parts, "hour")) % 24, minute = part(parts, "minute");
    if (style === "24h") return (hour < 10 ? "0" : "") + hour + ":" + minute;
    // As the server writes them: "12:00pm" is read the wrong way round by many people.
    if (minute === "00" && hour === 12) return "12 noon";
    if (minute === "00" && hour === 0) return "12 midnight";
    return (hour % 12 || 12) + (style === "12h-dot" ? "." : ":") + minute + (hour < 12 ? "am" : "pm");
  }

  function dateText(instant, node) {
    // Composed from parts, as the server writes dates (commission/web/times.py): "Friday 20 January 2023",
    // "пятница, 20 января 2023", "2023 жылғы 20 қаңтар, жұма". Russian and Kazakh names come from the page
    // (data-weekdays, data-months): a browser may not know Kazakh ones.
    if (!node.hasAttribute("data-months")) {
      var parts = new Intl.DateTimeFormat(locale, {
        timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric"
      }).formatToParts(instant);
      return ["weekday", "day", "month", "year"].map(function (type) { return part(parts, type); }).join(" ");
    }
    var numbers = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, day: "numeric", month: "numeric", year: "numeric"
    }).formatToParts(instant);
    var year = part(numbers, "year"), month = Number(part(numbers, "month")), day = Number(part(numbers, "day"));
    var mondayFirst = (new Date(Date.UTC(Number(year), month - 1, day)).getUTCDay() + 6) % 7;
    var weekday = node.getAttribute("data-weekdays").split("|")[mondayFirst];
    var monthName = node.getAttribute("data-months").split("|")[month - 1];
    if ((locale || "").split("-")[0] === "kk") return year + " жылғы " + day + " " + monthName + ", " + weekday;
    return weekday + ", " + day + " " + monthName + " " + year;
  }

  document.querySelectorAll("[data-local-time]").forEach(function (node) {
    var instant = new Date(node.getAttribute("data-local-time"));
    if (isNaN(instant.getTime())) return;
    var offset = String(-instant.getTimezoneOffset());
    var rows = node.parentNode.querySelectorAll("[data-utc-offset]"), marked = false;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-utc-offset") !== offset) continue;
      var mark = document.createElement("span");
      mark.className = "event-times__yours";
      mark.textContent = node.getAttribute("data-your-time") || "(your time)";
      rows[i].append(" ", mark);
      marked = true;
    }
    if (marked) return;  // the line would only repeat the one marked
    placeName(node.getAttribute("data-city-url")).then(function (place) {
      var template = node.getAttribute("data-template") || "Your time ({place}): {time} {zone}, {date}";
      if (!place) template = template.replace(/\s*\(\{place\}\)/, "");
      node.textContent = template
        .replace("{time}", timeText(instant, node.getAttribute("data-time-style")))
        .replace("{zone}", zoneName(instant))
        .replace("{date}", dateText(instant, node))
        .replace("{place}", place);
      node.hidden = false;
    });
  });
})();
