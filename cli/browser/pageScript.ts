/**
 * The page's script (plain ES2017, inline). Every string from the question is drawn with `textContent`
 * (never as markup); the only requests it makes are the event stream that tells the hook the tab is
 * open and the one `POST` of the chosen answer.
 */
export const PAGE_SCRIPT = String.raw`"use strict";
(function () {
  var data = JSON.parse(document.getElementById("question").textContent);
  var m = data.model;
  var app = document.getElementById("app");
  var answered = false;
  var status = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function when(iso) {
    if (!iso) return "unknown time";
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }
  function size(n) {
    var units = ["B", "KiB", "MiB", "GiB", "TiB"], v = n, i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return i === 0 ? n + " B" : v.toFixed(v < 10 ? 1 : 0) + " " + units[i];
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function choice(parent, label, hint, onChoose, primary) {
    var b = add(parent, el("button", primary ? "primary" : ""));
    b.type = "button";
    add(b, el("strong", null, label));
    if (hint) add(b, el("span", null, hint));
    b.addEventListener("click", onChoose);
    return b;
  }

  function say(text, cls) {
    if (!status) status = add(app, el("p", cls || "warn"));
    status.className = cls || "warn";
    status.textContent = text;
  }

  function finish(title, body) {
    app.replaceChildren();
    add(app, el("h1", null, title));
    add(app, el("p", "done", body));
    add(app, el("p", "muted", "You can close this tab."));
    events.close();
  }

  function send(answer, title, body) {
    if (answered) return;
    answered = true;
    app.querySelectorAll("button, input").forEach(function (b) { b.disabled = true; });
    fetch("answer", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ answer: answer }),
      credentials: "omit",
      cache: "no-store",
    }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      finish(title, body);
    }).catch(function () {
      say("The answer could not be sent: the launch is no longer waiting for it. Nothing was changed.");
    });
  }

  var STARTING = "The game is starting.";
  var CANCELLED = ["Launch cancelled", "Nothing was changed and the game does not start."];

  function sideCard(parent, title, s) {
    var c = add(parent, el("section", "card"));
    add(c, el("h2", null, title + (s.snapshot ? " · " + s.snapshot : "")));
    add(c, el("p", null, when(s.time) + " on " + (s.machine || "an unknown machine")));
    if (s.label) add(c, el("p", "muted", "“" + s.label + "”"));
    add(c, el("p", null, s.added + " added · " + s.changed + " changed · " + s.removed + " removed"));
    add(c, el("p", "muted", plural(s.files, "file") + " · " + size(s.bytes)));
  }

  function worldSide(parent, title, w) {
    var d = add(parent, el("div"));
    add(d, el("h3", null, title));
    if (!w) { add(d, el("p", "muted", "unchanged")); return; }
    if (w.deleted) { add(d, el("p", "warn", "deleted")); return; }
    add(d, el("p", null, "Last played: " + (w.lastPlayed ? when(w.lastPlayed) : "unknown")));
    if (w.versionName) add(d, el("p", null, "Version: " + w.versionName));
    add(d, el("p", "muted", plural(w.changedFiles, "file") + " changed" +
      (w.bytes !== undefined && w.bytes !== null ? " · " + size(w.bytes) : "")));
  }

  function worldCard(parent, w, i) {
    var card = add(parent, el("section", "card world"));
    if (w.icon) {
      var img = add(card, el("img", "icon"));
      img.src = "icon/" + i;
      img.alt = "";
    } else {
      add(card, el("div", "icon", (w.name || "?").slice(0, 1).toUpperCase())).setAttribute("aria-hidden", "true");
    }
    var body = add(card, el("div"));
    add(body, el("h3", null, w.name));
    add(body, el("p", "muted", w.folder));
    var sides = add(body, el("div", "world-sides"));
    worldSide(sides, "This computer (" + m.local.machine + ")", w.local);
    worldSide(sides, "Cloud (" + m.cloud.machine + ")", w.cloud);
    if (w.warning) add(body, el("p", "warn", "⚠ " + w.warning));
    return body;
  }

  var REASONS = {
    "both-changed": "Both this computer and the cloud changed since the last sync.",
    "fork": "The cloud has a version from another computer that was not based on this one.",
    "first-sync": "This computer has its own files and the cloud already has a history.",
  };

  function conflict() {
    add(app, el("h1", null, "Conflict in “" + m.instanceLabel + "”"));
    add(app, el("p", null, REASONS[m.reason] || ""));
    if (m.base) add(app, el("p", "muted", "Last sync: " + when(m.base.time) + " on " + m.base.host + "."));
    var sides = add(app, el("div", "sides"));
    sideCard(sides, "This computer", m.local);
    sideCard(sides, "Cloud", m.cloud);
    var list = add(app, el("div", "worlds"));
    var pickers = [];
    m.worlds.forEach(function (w, i) {
      var body = worldCard(list, w, i);
      var set = add(body, el("fieldset"));
      set.hidden = true;
      add(set, el("legend", null, "Keep for this world:"));
      var preset = w.local && w.cloud ? "both" : w.local ? "local" : "cloud";
      [["cloud", "the cloud’s"], ["local", "this computer’s"], ["both", "both (yours as a copy)"]].forEach(function (o) {
        var label = add(set, el("label"));
        var input = add(label, el("input"));
        input.type = "radio";
        input.name = "world-" + i;
        input.value = o[0];
        input.checked = o[0] === preset;
        add(label, document.createTextNode(o[1]));
      });
      pickers.push({ folder: w.folder, set: set });
    });
    if (m.otherFiles.local || m.otherFiles.cloud) {
      add(app, el("p", "muted", "Other files changed: " + m.otherFiles.local + " here, " + m.otherFiles.cloud + " in the cloud."));
    }
    var choices = add(app, el("div", "choices"));
    var first = choice(choices, "Use the cloud’s version", "This computer’s files are first saved as a snapshot tagged conflict-backup.",
      function () { send("use-cloud", "Using the cloud’s version", STARTING); }, true);
    choice(choices, "Keep this computer’s version", "The next push supersedes the cloud’s snapshot, which stays in history.",
      function () { send("keep-local", "Keeping this computer’s version", STARTING); });
    if (m.worlds.length) {
      choice(choices, "Keep both", "Worlds both sides changed are kept twice: yours as a renamed copy.",
        function () { send("keep-both", "Keeping both", STARTING); });
      var apply = null;
      var perWorld = choice(choices, "Choose per world…", "The cloud’s, this computer’s, or both, for each world that changed.",
        function () {
          pickers.forEach(function (p) { p.set.hidden = false; });
          perWorld.hidden = true;
          apply.hidden = false;
          pickers[0].set.querySelector("input:checked").focus();
          pickers[0].set.scrollIntoView({ block: "nearest" });
        });
      apply = choice(choices, "Apply these choices", "Each world as chosen above.", function () {
        var worlds = {};
        pickers.forEach(function (p) { worlds[p.folder] = p.set.querySelector("input:checked").value; });
        send({ worlds: worlds }, "Applying your choices", STARTING);
      }, true);
      apply.hidden = true;
    }
    choice(choices, "Cancel launch", "Nothing changes; the game does not start.",
      function () { send("cancel", CANCELLED[0], CANCELLED[1]); });
    return first;
  }

  function confirmQuestion() {
    add(app, el("h1", null, m.question));
    if (m.detail) add(app, el("p", null, m.detail));
    var choices = add(app, el("div", "choices"));
    choice(choices, "Yes", "Go ahead.", function () { send(true, "Going ahead", "instance-sync goes on."); });
    return choice(choices, "No", "Stop here; nothing is changed.",
      function () { send(false, "Stopped", "Nothing was changed."); }, true);
  }

  function playingElsewhere() {
    var p = m.playing;
    add(app, el("h1", null, "“" + p.instanceLabel + "” is being played on another computer"));
    add(app, el("p", null, p.displayName + " on " + p.machine + " since " + when(p.since) + "."));
    if (p.stale) add(app, el("p", "muted", "That computer has not said so for a long time: it may have stopped without telling."));
    add(app, el("p", "muted", "Playing on two computers at once leads to a conflict at the next sync."));
    var choices = add(app, el("div", "choices"));
    choice(choices, "Play anyway", "Start the game on this computer too.",
      function () { send("play", "Playing anyway", STARTING); });
    return choice(choices, "Cancel launch", "The game does not start.",
      function () { send("cancel", CANCELLED[0], CANCELLED[1]); }, true);
  }

  var cancelAnswer = m.kind === "conflict" ? "cancel" : m.kind === "confirm" ? false : "cancel";
  app.replaceChildren();
  var focus = m.kind === "conflict" ? conflict() : m.kind === "confirm" ? confirmQuestion() : playingElsewhere();
  add(app, el("p", "muted keys", "Tab moves between answers · Enter or Space chooses · Esc cancels"));
  focus.focus({ preventScroll: true });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !answered) send(cancelAnswer, CANCELLED[0], CANCELLED[1]);
  });

  // While this stream is open the hook knows the tab is open; losing it for a few seconds is a cancel.
  var events = new EventSource("events");
  events.onopen = function () { if (status && !answered) say("", "muted"); };
  events.onerror = function () {
    if (!answered) say("The launch is no longer waiting for this answer (it stopped or timed out). Nothing was changed.");
  };
})();
`;
