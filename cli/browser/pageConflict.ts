/** The conflict page's part of the page script (see pageScript.ts): both sides, each world, the answers. */
export const PAGE_CONFLICT = String.raw`
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

`;
