/** Parser tests on output captured from the real restic 0.19.1 (tests/fixtures/restic/capture.sh). */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BackupEventSchema,
  parseExitError,
  parseResticLine,
  RestoreEventSchema,
} from "../../../core/restic/events.ts";
import { BackupTracker } from "../../../core/restic/backup.ts";
import { RestoreTracker } from "../../../core/restic/restore.ts";
import { parseLs } from "../../../core/restic/ls.ts";
import { parseSnapshots } from "../../../core/restic/snapshot.ts";
import type { ResticProgress } from "../../../core/restic/progress.ts";
import { lastErrorLine } from "../../../core/restic/failure.ts";
import { REPO_ROOT } from "../../helpers/tools.ts";

const DIR = join(REPO_ROOT, "tests", "fixtures", "restic");
const lines = async (name: string) =>
  (await Deno.readTextFile(join(DIR, name))).split("\n").filter((l) => l !== "");

Deno.test("every captured backup line parses as a typed event", async () => {
  const types = new Set<string>();
  for (const line of await lines("backup.jsonl")) {
    const e = parseResticLine(line, BackupEventSchema);
    assert.ok(!["text", "unknown"].includes(e.message_type), line);
    types.add(e.message_type);
  }
  assert.deepEqual([...types].sort(), ["status", "summary", "verbose_status"]);
});

Deno.test("a captured backup yields progress fractions in 0..1 and the summary's snapshot", async () => {
  const progress: ResticProgress[] = [];
  const tracker = new BackupTracker((p) => progress.push(p));
  for (const line of await lines("backup.jsonl")) tracker.line(line);
  const result = tracker.result(0, (m) => m);
  assert.match(result.snapshotId, /^[0-9a-f]{64}$/);
  assert.equal(result.filesNew, 4);
  assert.equal(result.totalBytesProcessed, 80_000_013);
  assert.ok(progress.length > 0);
  for (const p of progress) assert.ok(p.fraction >= 0 && p.fraction <= 1 && p.bytesDone <= p.bytesTotal);
  assert.equal(progress.at(-1)!.fraction, 1);
  assert.ok(progress.some((p) => p.currentFiles.some((f) => f.startsWith("saves/World/region/"))));
});

Deno.test("a captured exit-3 backup names the unreadable file from its stderr error event", async () => {
  const tracker = new BackupTracker();
  for (const line of await lines("backup-exit3.jsonl")) tracker.line(line);
  for (const line of await lines("backup-exit3.stderr.jsonl")) tracker.stderrLine(line);
  assert.deepEqual(tracker.result(3, (m) => m).unreadable, ["proc/self/mem"]);
  const err = parseResticLine((await lines("backup-exit3.stderr.jsonl"))[0], BackupEventSchema);
  assert.equal(err.message_type, "error");
  if (err.message_type === "error") assert.match(err.error, /input\/output error/);
});

Deno.test("captured restore lines parse, with and without verbose events", async () => {
  for (const name of ["restore.jsonl", "restore-status.jsonl"]) {
    const progress: ResticProgress[] = [];
    const tracker = new RestoreTracker((p) => progress.push(p));
    for (const line of await lines(name)) {
      assert.ok(!["text", "unknown"].includes(parseResticLine(line, RestoreEventSchema).message_type), line);
      tracker.line(line);
    }
    const { items, ...counts } = tracker.result();
    assert.deepEqual(counts, { filesRestored: 7, bytesRestored: 80_000_013 });
    if (name === "restore.jsonl") {
      // verbose lines name every item of the snapshot, pack-relative: the engine's cleanup list
      assert.deepEqual(items?.sort(), [
        "options.txt",
        "saves",
        "saves/World",
        "saves/World/level.dat",
        "saves/World/region",
        "saves/World/region/r.0.0.mca",
        "saves/World/region/r.0.1.mca",
      ]);
    }
    assert.ok(progress.every((p) => p.op === "restore" && p.fraction <= 1));
  }
});

Deno.test("a restore over files already in place shows written against to-write, never skipped files beyond the total", async () => {
  // restic counts skipped files apart: its total_files/total_bytes and percent are only what it writes
  const progress: ResticProgress[] = [];
  const tracker = new RestoreTracker((p) => progress.push(p));
  for (const line of await lines("restore-skipped.jsonl")) tracker.line(line);
  assert.ok(progress.length > 0);
  for (const p of progress) {
    assert.ok(p.filesDone <= p.filesTotal && p.bytesDone <= p.bytesTotal, JSON.stringify(p));
  }
  const last = progress.at(-1)!;
  assert.equal(last.bytesTotal, 40_000_000);
  assert.ok(last.bytesDone > 0 && last.fraction > 0.5, JSON.stringify(last));
});

Deno.test("captured snapshots and ls output give pack-relative paths", async () => {
  const snaps = parseSnapshots(await Deno.readTextFile(join(DIR, "snapshots.json")));
  assert.equal(snaps.length, 2);
  assert.equal(snaps[0].host, "fixture-host");
  assert.deepEqual(snaps[0].tags, ["instance-sync", "parent=none"]);
  assert.deepEqual(snaps[1].tags, []);
  const entries = parseLs(await lines("ls.jsonl"));
  assert.deepEqual(entries.filter((e) => e.type === "file").map((e) => e.path).sort(), [
    "options.txt",
    "saves/World/level.dat",
    "saves/World/region/r.0.0.mca",
    "saves/World/region/r.0.1.mca",
  ]);
  assert.equal(entries.find((e) => e.path === "saves/World/level.dat")?.size, 6);
});

Deno.test("captured exit_error lines give restic's explanation without the Fatal prefix", async () => {
  const e10 = parseExitError((await lines("exit10.stderr.jsonl"))[0]);
  assert.equal(e10?.code, 10);
  assert.equal(lastErrorLine(await lines("exit12.stderr.jsonl")), "wrong password or no key found");
  assert.match(lastErrorLine(await lines("exit10.stderr.jsonl")), /^repository does not exist/);
});

Deno.test("lines are cleaned of clear-line sequences; non-JSON and unknown JSON pass through", () => {
  const status = parseResticLine('\r\x1b[2K{"message_type":"status","percent_done":0.5}', BackupEventSchema);
  assert.equal(status.message_type, "status");
  if (status.message_type === "status") assert.equal(status.bytes_done, 0);
  assert.deepEqual(parseResticLine("\r\x1b[2Kscan finished", BackupEventSchema), {
    message_type: "text",
    text: "scan finished",
  });
  assert.equal(parseResticLine('{"message_type":"future_thing"}', BackupEventSchema).message_type, "unknown");
  assert.equal(
    parseResticLine('{"message_type":"status","new_field":1}', RestoreEventSchema).message_type,
    "status",
  );
});
