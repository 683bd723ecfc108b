/**
 * Finishing an interrupted restore must not destroy what the player did after the kill.
 * A pull (or use-cloud, or rollback) is killed while it restores; the player plays anyway; the next
 * run saves the folder as it is in a `conflict-backup` snapshot before completing the restore.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { instancePaths } from "../../core/config/paths.ts";
import { restoreSnapshot } from "../../core/sync/rollback.ts";
import { readState } from "../../core/sync/state.ts";
import { status } from "../../core/sync/info.ts";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { RecordingReporter } from "../core/sync/world.ts";
import {
  applyFiles,
  assertRecovered,
  type Clone,
  cloneTemplate,
  faultUsers,
  hashTree,
  LINUX_PROCESS_GROUPS,
  runDriver,
  type Template,
  versions,
} from "./harness.ts";
import { buildTemplate } from "./suite.ts";

const PULL = { op: "pull", onConflict: "abort" } as const;

/** The player's session after the kill: a line in options.txt and a new world. */
const LATER = {
  "options.txt": "fov:70\nrenderDistance:16\n",
  "saves/New Wörld/level.dat": "a world made after the kill",
  "saves/New Wörld/region/r.0.0.mca": "chunks of the new world",
};

/** Kills a pull of `clone` at `step`, leaving the restore journaled. */
async function killPullAt(clone: Clone, step: string) {
  const run = await runDriver(clone, PULL, { killAt: step });
  assert.ok(run.killed, `the pull never reached ${step}: ${run.stderr}`);
  assert.ok((await readState(instancePaths(clone.pack))).pending, "the restore is journaled");
}

async function newSnapshots(clone: Clone, before: string[]): Promise<string[]> {
  return (await clone.repo.snapshotIds()).filter((id) => !before.includes(id));
}

async function withTemplate(kind: "pull" | "use-cloud", fn: (t: Template) => Promise<void>) {
  await using server = await startRestServer({ users: faultUsers() });
  await fn(await buildTemplate(server, kind));
}

Deno.test("a pull killed during its restore, then played on, keeps the later session in a snapshot", {
  ignore: LINUX_PROCESS_GROUPS,
}, async (t) => {
  await withTemplate("pull", async (template) => {
    for (const step of ["restore:journaled", "restore:restored", "restore:cleaned"]) {
      await t.step(`killed at ${step}: changed options.txt and a new world are saved first`, async () => {
        const clone = await cloneTemplate(template);
        try {
          await killPullAt(clone, step);
          await applyFiles(clone.pack, LATER);
          // The later session must be in a snapshot after the pull: collect its versions now.
          const later = versions(await hashTree(clone.pack));
          const idsBefore = await clone.repo.snapshotIds();

          const again = await runDriver(clone, PULL);
          assert.equal(again.code, 0, again.stderr);
          const added = await newSnapshots(clone, idsBefore);
          assert.equal(added.length, 1, "exactly one conflict-backup snapshot was made");
          const saved = versions(await clone.repo.contentsOf(added[0]));
          for (const v of later) {
            if (Object.keys(LATER).some((p) => v.startsWith(`${p}@`))) {
              assert.ok(saved.has(v), `${v} is in the conflict-backup snapshot`);
            }
          }
          const tags = (await clone.repo.restic(["snapshots", "--json", added[0]])).out;
          assert.match(tags, /conflict-backup/);
          await assertRecovered(clone, `pull killed at ${step}, then played on`);
        } finally {
          await clone.cleanup();
        }
      });
    }

    await t.step("a file deleted after the kill is a later change too", async () => {
      const clone = await cloneTemplate(template);
      try {
        await killPullAt(clone, "restore:restored");
        const gone = "saves/Ünïcode Wörld ✨/level.dat"; // in the base and in the cloud's snapshot
        await applyFiles(clone.pack, { [gone]: null });
        const idsBefore = await clone.repo.snapshotIds();
        const again = await runDriver(clone, PULL);
        assert.equal(again.code, 0, again.stderr);
        const added = await newSnapshots(clone, idsBefore);
        assert.equal(added.length, 1, "the folder without the file was saved");
        const saved = await clone.repo.contentsOf(added[0]);
        assert.ok(!saved.has(gone), "the saved folder lacks the deleted file");
        assert.ok(saved.has("options.txt"), "and holds the rest of the folder");
        await assertRecovered(clone, "a deletion after the kill");
        assert.ok((await hashTree(clone.pack)).has(gone), "the completed restore brought the file back");
      } finally {
        await clone.cleanup();
      }
    });

    await t.step("with no later change the restore completes without an extra snapshot", async () => {
      for (const step of ["restore:journaled", "restore:restored", "restore:cleaned"]) {
        const clone = await cloneTemplate(template);
        try {
          await killPullAt(clone, step);
          const idsBefore = await clone.repo.snapshotIds();
          const again = await runDriver(clone, PULL);
          assert.equal(again.code, 0, again.stderr);
          assert.deepEqual(await newSnapshots(clone, idsBefore), [], `killed at ${step}: no extra snapshot`);
          await assertRecovered(clone, `pull killed at ${step}, nothing changed since`);
        } finally {
          await clone.cleanup();
        }
      }
    });

    await t.step("status says a restore was interrupted and which files changed since", async () => {
      const clone = await cloneTemplate(template);
      try {
        await killPullAt(clone, "restore:restored");
        const options = { packFolder: clone.pack, host: clone.host, resticBinary: testResticPath() };
        const quiet = await status({
          ...options,
          download: false,
          env: { RESTIC_CACHE_DIR: clone.repo.cacheDir },
        });
        assert.deepEqual(quiet.interruptedRestore?.laterChanges, []);
        await applyFiles(clone.pack, LATER);
        const cli = await runCliProcess(["status", `--pack-folder=${clone.pack}`, "--no-download"], {
          env: {
            INSTANCE_SYNC_RESTIC: testResticPath(),
            INSTANCE_SYNC_HOST: clone.host,
            RESTIC_CACHE_DIR: clone.repo.cacheDir,
          },
        });
        assert.equal(cli.code, 0, cli.stderr);
        assert.match(
          cli.stdout,
          /Interrupted: +a restore of [0-9a-f]{8} from pc-a .* was interrupted; the next pull/,
        );
        assert.match(cli.stdout, /Since then: +3 file\(s\) changed here \(options\.txt, saves\/New Wörld/);
      } finally {
        await clone.cleanup();
      }
    });

    await t.step(
      "offline, a pending restore with later changes fails and leaves everything as it is",
      async () => {
        const clone = await cloneTemplate(template);
        try {
          await killPullAt(clone, "restore:restored");
          await applyFiles(clone.pack, LATER);
          // The server cannot be reached: point the instance at a port nobody listens on.
          const paths = instancePaths(clone.pack);
          const config = JSON.parse(await Deno.readTextFile(paths.syncJson));
          await Deno.writeTextFile(paths.syncJson, JSON.stringify({ ...config, url: "http://127.0.0.1:9" }));
          const stateBefore = await Deno.readTextFile(paths.state);
          const treeBefore = await hashTree(clone.pack);
          const again = await runDriver(clone, PULL);
          assert.equal(again.code, 1, `offline with a journaled restore is a failure: ${again.stderr}`);
          assert.deepEqual(await hashTree(clone.pack), treeBefore, "no file changed");
          assert.equal(await Deno.readTextFile(paths.state), stateBefore, "state.json is as it was");
        } finally {
          await clone.cleanup();
        }
      },
    );

    await t.step("a rollback (`restore`) over a pending restore saves the later session first", async () => {
      const clone = await cloneTemplate(template);
      try {
        await killPullAt(clone, "restore:restored");
        await applyFiles(clone.pack, LATER);
        const reporter = new RecordingReporter();
        const oldest = [...template.contents.keys()][0];
        const summary = await restoreSnapshot({
          packFolder: clone.pack,
          host: clone.host,
          resticBinary: testResticPath(),
          download: false,
          env: {},
          reporter,
          snapshot: oldest,
          confirm: () => Promise.resolve(true),
          skipGameCheck: true,
        });
        assert.equal(summary.outcome, "restored", reporter.text());
        assert.match(reporter.text(), /3 file\(s\) changed here after the restore was interrupted/);
        // The later versions are in a conflict-backup snapshot even though the folder is now rolled back.
        const held = new Set<string>();
        for (const id of await clone.repo.snapshotIds()) {
          for (const v of versions(await clone.repo.contentsOf(id))) held.add(v);
        }
        assert.ok([...held].some((v) => v.startsWith("saves/New Wörld/level.dat@")), "the new world is kept");
        assert.equal(
          await Deno.readTextFile(join(clone.pack, "saves/World/level.dat")),
          "World level v1",
          "the rollback happened",
        );
      } finally {
        await clone.cleanup();
      }
    });
  });
});

Deno.test("a use-cloud answer killed during its restore keeps the later session through `resolve`", {
  ignore: LINUX_PROCESS_GROUPS,
}, async () => {
  await withTemplate("use-cloud", async (template) => {
    const clone = await cloneTemplate(template);
    try {
      const run = await runDriver(clone, { op: "pull", onConflict: "use-cloud" }, {
        killAt: "restore:restored",
      });
      assert.ok(run.killed, run.stderr);
      await applyFiles(clone.pack, LATER);
      const idsBefore = await clone.repo.snapshotIds();
      const later = new Set(
        [...versions(await hashTree(clone.pack))].filter((v) =>
          Object.keys(LATER).some((p) => v.startsWith(`${p}@`))
        ),
      );
      const resolved = await runCliProcess(
        ["resolve", `--pack-folder=${clone.pack}`, "--choice=use-cloud", "--no-download"],
        {
          env: {
            INSTANCE_SYNC_RESTIC: testResticPath(),
            INSTANCE_SYNC_HOST: clone.host,
            RESTIC_CACHE_DIR: clone.repo.cacheDir,
          },
        },
      );
      assert.equal(resolved.code, 0, resolved.stderr);
      assert.match(resolved.stderr, /changed here after the restore was interrupted/);
      const added = await newSnapshots(clone, idsBefore);
      assert.equal(added.length, 1, resolved.stderr);
      const saved = versions(await clone.repo.contentsOf(added[0]));
      for (const v of later) assert.ok(saved.has(v), `${v} is in the conflict-backup snapshot`);
      await assertRecovered(clone, "use-cloud killed, played on, then resolve");
    } finally {
      await clone.cleanup();
    }
  });
});
