import { PAGE_CONFLICT } from "./pageConflict.ts";

/**
 * The page's script (plain ES2017, inline), in three parts sharing one function scope: the helpers
 * here, the conflict page (pageConflict.ts) and the other questions with the start-up below. Every string
 * from the question is drawn with `textContent` (never as markup); the only requests it makes are the
 * event stream that tells the hook the tab is open and the one `POST` of the chosen answer.
 */
const HELPERS = String.raw`
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

`;

const OTHER_QUESTIONS = String.raw`
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
`;

export const PAGE_SCRIPT = `"use strict";
(function () {${HELPERS}${PAGE_CONFLICT}${OTHER_QUESTIONS}})();
`;
