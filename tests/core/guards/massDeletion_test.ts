import assert from "node:assert/strict";
import { checkMassDeletion } from "../../../core/guards/massDeletion.ts";
import type { Manifest } from "../../../core/sync/state.ts";

function manifest(...paths: string[]): Manifest {
  return Object.fromEntries(paths.map((p) => [p, [10, 1_000]]));
}

const WORLDS = ["Alpha", "Beta", "Gamma"].flatMap((
  w,
) => [`saves/${w}/level.dat`, `saves/${w}/region/r.0.0.mca`]);
const BASE = manifest(...WORLDS, "options.txt", "servers.dat");

Deno.test("checkMassDeletion() lets ordinary changes through", () => {
  assert.equal(checkMassDeletion({ before: BASE, after: BASE }), null);
  const oneWorldLess = manifest(
    ...WORLDS.filter((p) => !p.startsWith("saves/Alpha/")),
    "options.txt",
    "servers.dat",
  );
  assert.equal(checkMassDeletion({ before: BASE, after: oneWorldLess }), null);
  assert.equal(checkMassDeletion({ before: {}, after: {} }), null);
});

Deno.test("checkMassDeletion() trips when more than half of the files would go", () => {
  const hit = checkMassDeletion({
    before: BASE,
    after: manifest("saves/Alpha/level.dat", "saves/Alpha/region/r.0.0.mca", "options.txt"),
    where: "the cloud",
  });
  assert.ok(hit);
  assert.equal(hit.removed, 5);
  assert.equal(hit.total, 8);
  assert.deepEqual(hit.worldsRemoved, ["saves/Beta", "saves/Gamma"]);
  assert.equal(hit.allWorldsGone, false);
  assert.equal(
    hit.message,
    'This would remove 5 of 8 synced files (63%) from the cloud, including 2 worlds: "Beta", "Gamma"; ' +
      "run again with --allow-mass-delete if that is intended",
  );
});

Deno.test("checkMassDeletion() respects the threshold, and exactly the threshold does not trip", () => {
  const half = manifest(...WORLDS.slice(0, 4));
  assert.equal(checkMassDeletion({ before: BASE, after: half }), null, "4 of 8 is not more than half");
  assert.ok(checkMassDeletion({ before: BASE, after: half, threshold: 0.25 }));
});

Deno.test("checkMassDeletion() trips when every world is gone, even if most files stay", () => {
  const many = manifest(
    "saves/Only/level.dat",
    ...Array.from({ length: 20 }, (_, i) => `screenshots/${i}.png`),
  );
  const hit = checkMassDeletion({ before: many, after: manifest(...Object.keys(many).slice(1)) });
  assert.ok(hit);
  assert.equal(hit.allWorldsGone, true);
  assert.match(
    hit.message,
    /^This would remove 1 of 21 synced files \(5%\), including the only world: "Only"/,
  );
});

Deno.test("checkMassDeletion() ignores the ratio for tiny folders but not the loss of every world", () => {
  const tiny = manifest("options.txt", "servers.dat", "optionsof.txt");
  assert.equal(checkMassDeletion({ before: tiny, after: {} }), null);
  const tinyWorld = manifest("saves/W/level.dat", "options.txt");
  assert.equal(checkMassDeletion({ before: tinyWorld, after: manifest("options.txt") })?.allWorldsGone, true);
});

Deno.test("checkMassDeletion() names at most five worlds", () => {
  const names = ["A", "B", "C", "D", "E", "F", "G"];
  const hit = checkMassDeletion({ before: manifest(...names.map((n) => `saves/${n}/level.dat`)), after: {} });
  assert.ok(hit);
  assert.deepEqual(hit.worldsRemoved.length, 7);
  assert.match(
    hit.message,
    /every world \(7\): "A", "B", "C", "D", "E", 2 more; run again with --allow-mass-delete/,
  );
});
