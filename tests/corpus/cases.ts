/**
 * The bad-input corpus: malformed `sync.json`, `token`, `scope.json` and `state.json` files, each with
 * what the one-line error must say (the file, and the field where there is one). Invariant I6 (docs/contract.md#i6).
 */

export const ID = "01JD0000000000000000000000";
const MB = 1024 * 1024;

/** A file's content, a symlink, or a folder where a file is expected. */
export type Entry = string | Uint8Array | { symlink: string } | { dir: true };

export interface BadInput {
  name: string;
  /** Files under the pack folder; they replace the valid defaults (`.cloud-sync/sync.json`, `token`). */
  files: Record<string, Entry>;
  /** The first stderr line must match (it names the file and the field). */
  error: RegExp;
  /** Default 2 (docs/contract.md#exit-codes: bad config file). */
  code?: number;
}

function garbage(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) {
    crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  }
  out[0] = 0xff; // never valid UTF-8 or JSON, whatever the random bytes are
  return out;
}

const huge = (prefix: string, suffix = "") => prefix + "x".repeat(20 * MB) + suffix;
const sync = (value: unknown) => ({ ".cloud-sync/sync.json": JSON.stringify(value) });
const scope = (value: unknown) => ({ ".cloud-sync/scope.json": JSON.stringify(value) });
const state = (value: unknown) => ({ ".cloud-sync/state.json": JSON.stringify(value) });
const okState = { version: 1, base: null, baseManifest: {}, known: [], pending: null };

const SYNC = /sync\.json/;
const TOKEN = /token/i;
const SCOPE = /scope\.json/;
const STATE = /state\.json/;
const both = (file: RegExp, field: RegExp) => new RegExp(`${file.source}.*${field.source}`, "i");

export const BAD_INPUTS: BadInput[] = [
  // sync.json
  {
    name: "sync.json truncated",
    files: { ".cloud-sync/sync.json": `{"instance_id": "${ID}", "ur` },
    error: both(SYNC, /not valid JSON/),
  },
  { name: "sync.json empty", files: { ".cloud-sync/sync.json": "" }, error: both(SYNC, /not valid JSON/) },
  {
    name: "sync.json instance_id a number",
    files: sync({ instance_id: 3, url: "x" }),
    error: both(SYNC, /"instance_id"/),
  },
  {
    name: "sync.json instance_id a traversal",
    files: sync({ instance_id: "../../etc", url: "x" }),
    error: both(SYNC, /"instance_id"/),
  },
  { name: "sync.json url missing", files: sync({ instance_id: ID }), error: both(SYNC, /"url"/) },
  {
    name: "sync.json url an object",
    files: sync({ instance_id: ID, url: { a: 1 } }),
    error: both(SYNC, /"url"/),
  },
  { name: "sync.json an array", files: { ".cloud-sync/sync.json": "[]" }, error: both(SYNC, /top level/) },
  { name: "sync.json null", files: { ".cloud-sync/sync.json": "null" }, error: both(SYNC, /top level/) },
  {
    name: "sync.json binary garbage",
    files: { ".cloud-sync/sync.json": garbage(4096) },
    error: both(SYNC, /not (valid JSON|UTF-8 text)/),
  },
  {
    name: "sync.json 20 MB",
    files: { ".cloud-sync/sync.json": huge(`{"instance_id":"${ID}","url":"x","pad":"`, '"}') },
    error: both(SYNC, /MB/),
  },
  {
    name: "sync.json a folder",
    files: { ".cloud-sync/sync.json": { dir: true } },
    error: both(SYNC, /folder/),
  },
  {
    name: "sync.json a symlink to /dev/zero",
    files: { ".cloud-sync/sync.json": { symlink: "/dev/zero" } },
    error: both(SYNC, /not a regular file/),
  },
  {
    name: "sync.json a symlink to /etc/passwd",
    files: { ".cloud-sync/sync.json": { symlink: "/etc/passwd" } },
    error: both(SYNC, /not valid JSON/),
  },
  {
    name: "sync.json plain http to a remote host",
    files: sync({ instance_id: ID, url: "http://example.org" }),
    error: /http:\/\/.*example\.org/,
  },
  // token
  {
    name: "token without a colon",
    files: { ".cloud-sync/token": "nocolon" },
    error: both(TOKEN, /no ":" found/),
  },
  { name: "token empty", files: { ".cloud-sync/token": "" }, error: both(TOKEN, /empty/) },
  {
    name: "token with an empty password",
    files: { ".cloud-sync/token": "player:" },
    error: both(TOKEN, /empty password/),
  },
  {
    name: "token with a traversal id",
    files: { ".cloud-sync/token": "../../etc:pw" },
    error: both(TOKEN, /id/),
  },
  {
    name: "token on two lines",
    files: { ".cloud-sync/token": "a:b\nc:d" },
    error: both(TOKEN, /single line/),
  },
  {
    name: "token binary garbage",
    files: { ".cloud-sync/token": garbage(512) },
    error: both(TOKEN, /not text|control characters|no ":" found|single line/),
  },
  {
    name: "token with a NUL in the password",
    files: { ".cloud-sync/token": "player:pw\0rd" },
    error: both(TOKEN, /control characters/),
  },
  { name: "token 20 MB", files: { ".cloud-sync/token": huge("player:") }, error: both(TOKEN, /MB|long/) },
  { name: "token a folder", files: { ".cloud-sync/token": { dir: true } }, error: both(TOKEN, /folder/) },
  {
    name: "token missing",
    files: { ".cloud-sync/token": { symlink: "/nonexistent/token" } },
    error: both(TOKEN, /does not exist/),
  },
  // scope.json
  {
    name: "scope.json truncated",
    files: { ".cloud-sync/scope.json": '{"include": ["saves"' },
    error: both(SCOPE, /not valid JSON/),
  },
  {
    name: "scope.json include a string",
    files: scope({ include: "saves" }),
    error: both(SCOPE, /"include"/),
  },
  {
    name: "scope.json include of numbers",
    files: scope({ include: [1] }),
    error: both(SCOPE, /"include\.0"/),
  },
  {
    name: "scope.json exclude an object",
    files: scope({ exclude: { a: 1 } }),
    error: both(SCOPE, /"exclude"/),
  },
  { name: "scope.json unknown key", files: scope({ includes: ["saves"] }), error: both(SCOPE, /includes/) },
  {
    name: "scope.json traversal",
    files: scope({ include: ["../../etc"] }),
    error: both(SCOPE, /"include\.0".*\.\./),
  },
  {
    name: "scope.json hidden traversal",
    files: scope({ include: ["saves/../../.."] }),
    error: both(SCOPE, /"include\.0".*\.\./),
  },
  {
    name: "scope.json backslash traversal",
    files: scope({ include: ["saves\\..\\..\\x"] }),
    error: both(SCOPE, /"include\.0".*\.\./),
  },
  {
    name: "scope.json absolute path",
    files: scope({ include: ["/etc"] }),
    error: both(SCOPE, /"include\.0".*relative/),
  },
  {
    name: "scope.json Windows drive path",
    files: scope({ include: ["C:\\Users\\me\\saves"] }),
    error: both(SCOPE, /"include\.0".*relative/),
  },
  {
    name: "scope.json drive-relative path",
    files: scope({ include: ["D:saves"] }),
    error: both(SCOPE, /"include\.0".*relative/),
  },
  {
    name: "scope.json UNC path",
    files: scope({ include: ["\\\\server\\share\\saves"] }),
    error: both(SCOPE, /"include\.0".*relative/),
  },
  {
    name: "scope.json the config folder",
    files: scope({ include: ["./.cloud-sync"] }),
    error: both(SCOPE, /"include\.0".*\.cloud-sync/),
  },
  {
    name: "scope.json the pack folder itself",
    files: scope({ include: ["."] }),
    error: both(SCOPE, /"include\.0"/),
  },
  {
    name: "scope.json a line break in a path",
    files: scope({ include: ["saves\nmods"] }),
    error: both(SCOPE, /"include\.0"/),
  },
  {
    name: "scope.json a line break in a pattern",
    files: scope({ exclude: ["*.tmp\n!x"] }),
    error: both(SCOPE, /"exclude\.0"/),
  },
  {
    name: "scope.json binary garbage",
    files: { ".cloud-sync/scope.json": garbage(2048) },
    error: both(SCOPE, /not (valid JSON|UTF-8 text)/),
  },
  {
    name: "scope.json 20 MB",
    files: { ".cloud-sync/scope.json": huge('{"include":["saves"],"exclude":["', '"]}') },
    error: both(SCOPE, /MB/),
  },
  {
    name: "scope.json a symlink to /dev/zero",
    files: { ".cloud-sync/scope.json": { symlink: "/dev/zero" } },
    error: both(SCOPE, /not a regular file/),
  },
  // state.json
  {
    name: "state.json truncated",
    files: { ".cloud-sync/state.json": '{"version":1,"base":nu' },
    error: both(STATE, /not valid JSON/),
  },
  {
    name: "state.json wrong version",
    files: state({ ...okState, version: 2 }),
    error: both(STATE, /"version"/),
  },
  { name: "state.json base a number", files: state({ ...okState, base: 5 }), error: both(STATE, /"base"/) },
  {
    name: "state.json known a string",
    files: state({ ...okState, known: "abc" }),
    error: both(STATE, /"known"/),
  },
  {
    name: "state.json manifest entry of the wrong shape",
    files: state({ ...okState, baseManifest: { "saves/a": "big" } }),
    error: both(STATE, /"baseManifest/),
  },
  {
    name: "state.json manifest with a traversal path",
    files: state({ ...okState, baseManifest: { "../../etc/passwd": [1, 2] } }),
    error: both(STATE, /"baseManifest.*\.\./),
  },
  {
    name: "state.json manifest with an absolute path",
    files: state({ ...okState, baseManifest: { "/etc/passwd": [1, 2] } }),
    error: both(STATE, /"baseManifest.*relative/),
  },
  {
    name: "state.json pending with a bad snapshot id",
    files: state({
      ...okState,
      pending: { op: "restore", snapshot: { id: "../x", time: "", host: "" }, reason: "pull", startedAt: "" },
    }),
    error: both(STATE, /"pending\.snapshot\.id"/),
  },
  {
    name: "state.json binary garbage",
    files: { ".cloud-sync/state.json": garbage(4096) },
    error: both(STATE, /not (valid JSON|UTF-8 text)/),
  },
  {
    name: "state.json 20 MB of garbage",
    files: { ".cloud-sync/state.json": huge("{") },
    error: both(STATE, /not valid JSON/),
  },
  {
    name: "state.json a folder",
    files: { ".cloud-sync/state.json": { dir: true } },
    error: both(STATE, /folder/),
  },
];
