/**
 * The floor of a hook run under `deno run`, measured as a process of its own: Deno's start, one HTTP
 * GET of the repository's snapshot listing, and an `lstat` walk of the synced roots — the work an
 * up-to-date pull cannot avoid (issue 13: "the limit is Deno's start + one HTTP GET + the stat walk").
 * It imports nothing, validates nothing and reads no config, so whatever ours spends above it is module
 * loading, validation, state and bookkeeping.
 *
 *   BENCH_FLOOR_URL=http://127.0.0.1:PORT/user/<instance>/ BENCH_FLOOR_AUTH=user:password \
 *     deno run -A bench/floor.ts <pack folder> <include root>...
 */
const [pack, ...roots] = Deno.args;
const url = Deno.env.get("BENCH_FLOOR_URL");
const auth = Deno.env.get("BENCH_FLOOR_AUTH");
if (!pack || !url || !auth) {
  throw new Error("usage: BENCH_FLOOR_URL=… BENCH_FLOOR_AUTH=… floor.ts <pack> <root>…");
}

const res = await fetch(new URL("snapshots/", url), {
  headers: { Authorization: `Basic ${btoa(auth)}`, Accept: "application/vnd.x.restic.rest.v2" },
});
const ids = await res.json();
if (!res.ok || !Array.isArray(ids)) throw new Error(`listing failed: HTTP ${res.status}`);

let files = 0;
const visit = (abs: string): void => {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(abs);
  } catch {
    return; // a root that does not exist
  }
  if (!info.isDirectory) {
    files++;
    return;
  }
  for (const e of Deno.readDirSync(abs)) {
    if (e.isDirectory) visit(`${abs}/${e.name}`);
    else {
      Deno.lstatSync(`${abs}/${e.name}`);
      files++;
    }
  }
};
for (const root of roots) visit(`${pack}/${root}`);
console.log(`${ids.length} snapshots, ${files} files`);
