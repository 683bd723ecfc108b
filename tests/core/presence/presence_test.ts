import assert from "node:assert/strict";
import { ConflictError } from "../../../core/errors.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import type { PlayingElsewhere, Prompter } from "../../../core/ui.ts";
import { unfinishedLaunch } from "../../../core/presence/status.ts";
import { BACKENDS, computers } from "./computers.ts";

/** A prompter that answers the presence question with `answer` and records what it was asked. */
function answering(answer: "play" | "cancel" | "abort") {
  const asked: PlayingElsewhere[] = [];
  const prompter: Prompter = {
    chooseConflict: () => Promise.reject(new Error("no conflict expected")),
    confirmForkPush: () => Promise.resolve(true),
    confirm: () => Promise.resolve(false),
    confirmPlayingElsewhere: (p) => {
      asked.push(p);
      return Promise.resolve(answer);
    },
    login: () => Promise.reject(new Error("no login expected")),
  };
  return { prompter, asked };
}

const WARNING =
  /desktop has been playing "[^"]+" since \d\d:\d\d and has not uploaded yet\. If you play here now/;

for (const backend of BACKENDS) {
  Deno.test(`${backend}: a launch on the laptop while the desktop plays asks, and each answer is honoured`, async () => {
    await using pcs = await computers(backend);
    const { a, b } = pcs;
    assert.equal((await pull(pcs.opts(a))).outcome, "up-to-date");
    assert.equal((await pcs.locks()).length, 1, "the desktop's launch left one record");
    const before = await b.tree();

    const cancel = answering("cancel");
    const err = await pull(pcs.opts(b, { prompter: cancel.prompter })).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.equal(err.exitCode, 3);
    assert.equal(cancel.asked.length, 1);
    assert.equal(cancel.asked[0].displayName, "desktop");
    assert.equal(cancel.asked[0].machine, "machine-desktop");
    assert.equal(cancel.asked[0].stale, false);
    assert.match(cancel.asked[0].snapshot ?? "", /^[0-9a-f]{8}$/, "the snapshot the desktop started from");
    assert.deepEqual(await b.tree(), before, "a cancelled launch changes nothing");
    assert.equal((await pcs.locks()).length, 1, "a cancelled launch records nothing");

    const refused = await pull(pcs.opts(b, { onPlayingElsewhere: "cancel" })).catch((e) => e);
    assert.ok(refused instanceof ConflictError, String(refused));
    assert.match(refused.message, /--on-playing-elsewhere=cancel/);
    assert.match(refused.message, WARNING);

    const play = answering("play");
    const played = await pull(pcs.opts(b, { prompter: play.prompter }));
    assert.equal(play.asked.length, 1);
    assert.equal(played.outcome, "restored", "playing anyway goes on with the pull");
    assert.deepEqual(await b.tree(), await a.tree());
    const listed = played.details?.playingElsewhere as PlayingElsewhere[];
    assert.equal(listed[0].displayName, "desktop", "the summary (and so --json) carries it");
    assert.equal((await pcs.locks()).length, 2, "the laptop's launch is recorded too");
  });

  Deno.test(`${backend}: where nobody can answer, the warning is printed and the launch goes on`, async () => {
    await using pcs = await computers(backend);
    const { a, b } = pcs;
    await pull(pcs.opts(a));
    const headless = pcs.opts(b);
    assert.equal((await pull(headless)).outcome, "restored");
    assert.match(b.reporter.text(), WARNING);
    const nobody = answering("abort");
    assert.equal((await pull(pcs.opts(b, { prompter: nobody.prompter }))).outcome, "up-to-date");
    assert.equal(nobody.asked.length, 1);
    assert.match(b.reporter.text(), WARNING, "abort: nobody could be asked, so it warns and plays");
    const decided = answering("cancel");
    assert.equal(
      (await pull(pcs.opts(b, { onPlayingElsewhere: "play", prompter: decided.prompter }))).outcome,
      "up-to-date",
    );
    assert.equal(decided.asked.length, 0, "--on-playing-elsewhere=play decides without asking");
    assert.match(b.reporter.text(), WARNING);
  });

  Deno.test(`${backend}: after the desktop pushes, the laptop launches without a word`, async () => {
    await using pcs = await computers(backend);
    const { a, b } = pcs;
    await pull(pcs.opts(a));
    // What doctor reports on the desktop meanwhile (a crash would leave it so): run push.
    const unfinished = await unfinishedLaunch(a.pack);
    assert.match(unfinished?.message ?? "", /never followed by a push.*run `instance-sync push`/);
    assert.equal(unfinished?.stale, false);
    await a.write({ "saves/World/level.dat": "v2" });
    assert.equal((await push(pcs.opts(a))).outcome, "pushed");
    assert.equal(await unfinishedLaunch(a.pack), null, "nothing left to report after the push");
    assert.deepEqual(await pcs.locks(), [], "the push removed the desktop's record");
    const quiet = answering("cancel");
    assert.equal((await pull(pcs.opts(b, { prompter: quiet.prompter }))).outcome, "restored");
    assert.equal(quiet.asked.length, 0);
    assert.doesNotMatch(b.reporter.text(), /has been playing|last seen playing/);
    // An unchanged push (played without changing anything) ends the record too.
    await pull(pcs.opts(a));
    assert.equal((await pcs.locks()).length, 2);
    assert.equal((await push(pcs.opts(a))).outcome, "up-to-date");
    assert.equal((await pcs.locks()).length, 1, "only the laptop's record is left");
  });

  Deno.test(`${backend}: a crashed desktop is seen by the laptop until its next pull uploads and its push clears it`, async () => {
    await using pcs = await computers(backend);
    const { a, b } = pcs;
    await pull(pcs.opts(a));
    await a.write({ "saves/World/level.dat": "played, then crashed" }); // no push: the game crashed
    assert.equal((await pull(pcs.opts(b))).outcome, "restored");
    assert.match(b.reporter.text(), WARNING);
    // The desktop launches again: its pull uploads the lost session and replaces its record.
    assert.equal((await pull(pcs.opts(a))).outcome, "caught-up");
    const locks = await pcs.locks();
    assert.equal(locks.length, 2, "one record per computer: the desktop's was replaced");
    assert.equal((await push(pcs.opts(a))).outcome, "up-to-date");
    assert.equal((await pcs.locks()).length, 1);
    const quiet = answering("cancel");
    assert.equal((await pull(pcs.opts(b, { prompter: quiet.prompter }))).outcome, "restored");
    assert.equal(quiet.asked.length, 0, "the desktop's session is uploaded and its record gone");
  });

  Deno.test(`${backend}: this computer's own record never warns, even when its name was lost`, async () => {
    await using pcs = await computers(backend);
    const { a } = pcs;
    await pull(pcs.opts(a));
    const asked = answering("cancel");
    assert.equal((await pull(pcs.opts(a, { prompter: asked.prompter }))).outcome, "up-to-date");
    assert.equal((await pcs.locks()).length, 1, "the second launch replaced the first record");
    await Deno.remove(`${a.pack}/.cloud-sync/presence.json`);
    assert.equal((await pull(pcs.opts(a, { prompter: asked.prompter }))).outcome, "up-to-date");
    assert.equal(asked.asked.length, 0);
    assert.equal((await pcs.locks()).length, 1, "the record whose name was lost was removed");
  });
}
