/**
 * The presence warning as launchers and players meet it (docs/presence.md): two computers from the
 * command line through a real rest-server. A hook with no terminal and no dialog window warns and
 * plays; `--on-playing-elsewhere=cancel` stops the launch with exit 3; `--json` carries an event and
 * the summary's `playingElsewhere`; `status` names who plays; a bad value is a usage error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";

Deno.test("pull warns, cancels or reports in --json while another computer plays, and status names it", async () => {
  const base = await Deno.makeTempDir({ prefix: "is-playing-" });
  const server = await startRestServer({ users: { me: "pw" } });
  try {
    const computer = (host: string) => {
      const pack = join(base, host, ".minecraft");
      const env = {
        INSTANCE_SYNC_HOST: host,
        INSTANCE_SYNC_RESTIC: testResticPath(),
        RESTIC_CACHE_DIR: join(base, "cache"),
        INST_MC_DIR: pack,
        INST_NAME: "All the Mods 10",
        // No desktop: a hook cannot open a dialog window, so nobody can be asked.
        DISPLAY: "",
        WAYLAND_DISPLAY: "",
      };
      return { pack, run: (args: string[], input?: string) => runCliProcess(args, { env, input }) };
    };
    const desktop = computer("desktop");
    const laptop = computer("laptop");
    await Deno.mkdir(join(desktop.pack, "saves/World"), { recursive: true });
    await Deno.writeTextFile(join(desktop.pack, "saves/World/level.dat"), "v1");
    assert.equal((await desktop.run(["init", `--url=${server.url}`], "me:pw\n")).code, 0);
    assert.equal((await desktop.run(["push"])).code, 0);
    await Deno.mkdir(laptop.pack, { recursive: true });
    const joined = await laptop.run(["init", `--url=${server.url}`, "--join=All the Mods 10"], "me:pw\n");
    assert.equal(joined.code, 0, joined.stderr);
    assert.equal((await laptop.run(["pull"])).code, 0);

    assert.equal((await desktop.run(["pull"])).code, 0, "the desktop launches");
    const warned = await laptop.run(["pull"]);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(
      warned.stderr,
      /desktop has been playing "All the Mods 10" since \d\d:\d\d and has not uploaded yet\. If you play here now, you will have to choose between the two versions later\./,
    );

    const cancelled = await laptop.run(["pull", "--on-playing-elsewhere=cancel"]);
    assert.equal(cancelled.code, 3, cancelled.stderr);
    assert.match(
      cancelled.stderr,
      /Launch cancelled \(--on-playing-elsewhere=cancel\): desktop has been playing/,
    );
    assert.doesNotMatch(cancelled.stderr, /\n\s+at /, "no stack trace");

    const json = await laptop.run(["pull", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const events = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const asked = events.find((e) => e.type === "playing-elsewhere");
    assert.equal(asked?.displayName, "desktop");
    assert.equal(asked?.stale, false);
    assert.ok(events.some((e) => e.type === "warning" && /desktop has been playing/.test(e.message)));
    const summary = events.find((e) => e.type === "summary");
    assert.equal(summary.details.playingElsewhere[0].displayName, "desktop");

    const status = await laptop.run(["status", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    const playing = JSON.parse(status.stdout).playingElsewhere;
    assert.equal(playing.length, 1);
    assert.equal(playing[0].displayName, "desktop");
    assert.match(playing[0].machine, /^[0-9A-Z]{26}$/);
    assert.ok(Date.parse(playing[0].since) > 0);
    assert.match((await laptop.run(["status"])).stdout, /desktop has been playing "All the Mods 10" since/);

    const bad = await laptop.run(["pull", "--on-playing-elsewhere=maybe"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--on-playing-elsewhere/);

    assert.equal((await desktop.run(["push"])).code, 0, "the desktop exits and uploads");
    const quiet = await laptop.run(["pull", "--on-playing-elsewhere=cancel"]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /playing/);
    assert.deepEqual(JSON.parse((await laptop.run(["status", "--json"])).stdout).playingElsewhere, []);
  } finally {
    await server[Symbol.asyncDispose]();
    await Deno.remove(base, { recursive: true });
  }
});
