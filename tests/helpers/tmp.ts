/** Temporary folders that clean themselves up: `await using dir = await tempDir()`. */
import { dirname, join } from "node:path";

export interface TempDir extends AsyncDisposable {
  path: string;
}

/** A fresh temp folder, removed (recursively) on dispose. */
export async function tempDir(prefix = "instance-sync-test-"): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix });
  return {
    path,
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    },
  };
}

/** Runs `fn` with a temp folder that is removed afterwards, even when `fn` throws. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>, prefix?: string): Promise<T> {
  await using dir = await tempDir(prefix);
  return await fn(dir.path);
}

/** Writes files below `root` from a `{ "relative/path": "content" }` map, creating folders. */
export async function writeTree(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    await Deno.mkdir(dirname(path), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
}

/** The entry names of `dir`, sorted; none when it does not exist (a repository's empty `locks/`). */
export async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}
