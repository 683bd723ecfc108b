/**
 * The floor of a hook run under `deno run`, measured as a process of its own: Deno's start, one HTTP
 * GET of the repository's snapshot listing, and an `lstat` walk of the synced roots — the work an
 * up-to-date pull cannot avoid (docs/performance.md#decisions: "the limit is Deno's start + one HTTP GET + the stat walk").
 * It reads no config of ours and validates nothing, so whatever ours spends above it is module loading,
 * validation, state and bookkeeping.
 *
 * `--snapshots=<key file>` adds what `status` and `history` cannot avoid either: reading every snapshot
 * in-process with the cached master key (the key cache file of core/repo/keyCache.ts, taken as is, its
 * password binding not checked) — the config GET, then each `snapshots/<id>` GET (eight at a time), its
 * SHA-256 against its name, Poly1305-AES, AES-CTR and zstd when version 2 says so, and JSON.parse. It uses
 * the same primitives as the reader through core/repo/crypto.ts (the one module of ours it loads: the
 * framing of WebCrypto's AES and noble's Poly1305) and fzstd. `--no-walk` leaves out the walk (`history`
 * does not scan the folder).
 *
 *   BENCH_FLOOR_URL=http://127.0.0.1:PORT/user/<instance>/ BENCH_FLOOR_AUTH=user:password \
 *     deno run -A bench/floor.ts [--snapshots=KEYFILE] [--no-walk] <pack folder> <include root>...
 */
const flags = Deno.args.filter((a) => a.startsWith("--"));
const [pack, ...roots] = Deno.args.filter((a) => !a.startsWith("--"));
const keyFile = flags.find((f) => f.startsWith("--snapshots="))?.slice("--snapshots=".length);
const walk = !flags.includes("--no-walk");
const url = Deno.env.get("BENCH_FLOOR_URL");
const auth = Deno.env.get("BENCH_FLOOR_AUTH");
if (!pack || !url || !auth) {
  throw new Error(
    "usage: BENCH_FLOOR_URL=… BENCH_FLOOR_AUTH=… floor.ts [--snapshots=KEYFILE] [--no-walk] <pack> <root>…",
  );
}
const headers = { Authorization: `Basic ${btoa(auth)}`, Accept: "application/vnd.x.restic.rest.v2" };
const get = async (path: string) => {
  const res = await fetch(new URL(path, url), { headers });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res;
};

const res = await get("snapshots/");
const ids = (await res.json()).map((e: { name: string }) => e.name) as string[];

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
if (walk) { for (const root of roots) visit(`${pack}/${root}`); }

let read = 0;
if (keyFile) {
  const [{ openSealed, splitKey }, { decompress }] = await Promise.all([
    import("../core/repo/crypto.ts"),
    import("fzstd"),
  ]);
  const { key: base64 } = JSON.parse(await Deno.readTextFile(keyFile));
  const key = splitKey(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  const bytes = async (path: string) => new Uint8Array(await (await get(path)).arrayBuffer());
  const config = JSON.parse(new TextDecoder().decode(await openSealed(key, await bytes("config"), "config")));
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const sealed = await bytes(`snapshots/${id}`);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", sealed));
      if (Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("") !== id) throw new Error(id);
      let plain = await openSealed(key, sealed, id);
      if (config.version === 2 && plain[0] === 2) plain = decompress(plain.subarray(1));
      if (typeof JSON.parse(new TextDecoder().decode(plain)).tree === "string") read++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
}
console.log(`${ids.length} snapshots, ${files} files walked, ${read} snapshots read`);
