/**
 * The launcher-hook fast path. Returns true only when the run is certainly a `pull`/`push` on an
 * existing folder that is not opted in, with nothing but well-formed known flags; every other case
 * (help, bad flags, bad values, a missing folder, an opted-in folder) returns false and goes through
 * the full CLI, which reports errors as usual. Imports nothing, so it costs no module loading.
 */
const VALUE_FLAGS: Record<string, ((v: string) => boolean) | null> = {
  "--pack-folder": null,
  "--token-file": null,
  "--restic-binary": null,
  "--instance-label": null,
  "--on-conflict": (v) => ["abort", "keep-local", "use-cloud", "keep-both"].includes(v),
  "--offline": (v) => v === "allow" || v === "abort",
  "--stall-timeout": (v) => Number.isFinite(Number(v)) && Number(v) > 0,
  "--dialog-timeout": (v) => Number.isFinite(Number(v)) && Number(v) > 0,
};
const BOOLEAN_FLAGS = new Set([
  "--no-download",
  "-g",
  "--no-gui",
  "--json",
  "--allow-mass-delete",
  "--no-color",
]);

export function hookGate(args: string[], env: Record<string, string | undefined>, cwd: string): boolean {
  const [command, ...rest] = args;
  if (command !== "pull" && command !== "push") return false;
  let packFolder: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (BOOLEAN_FLAGS.has(arg)) continue;
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(name in VALUE_FLAGS)) return false;
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === "") return false;
    const valid = VALUE_FLAGS[name];
    if (valid && !valid(value)) return false;
    if (name === "--pack-folder") packFolder = value;
  }
  let folder = packFolder ?? env.INST_MC_DIR ?? cwd;
  if (folder === "") return false;
  // Relative paths resolve against cwd; both separators, since this runs before node:path is loaded.
  if (!/^([A-Za-z]:)?[\\/]/.test(folder)) folder = `${cwd}/${folder}`;
  try {
    if (!Deno.statSync(folder).isDirectory) return false;
  } catch {
    return false;
  }
  try {
    Deno.lstatSync(`${folder}/.cloud-sync/sync.json`);
    return false;
  } catch (e) {
    return e instanceof Deno.errors.NotFound;
  }
}
