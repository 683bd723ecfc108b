/**
 * Opens a repository in-process: reads `config`, finds the master key (the user's key cache first,
 * else scrypt over the key files with the derived password, then the token's — core/restic/passwords.ts —
 * then cached), and decrypts the config for its version and id.
 */
import { z } from "zod";
import { AuthError, RepositoryMissingError } from "../errors.ts";
import type { RepoTarget } from "../restic/repo.ts";
import { type Protection, repoPasswords } from "../restic/passwords.ts";
import { authenticates, type CryptoKey32, openSealed } from "./crypto.ts";
import { HEX64 } from "./hash.ts";
import { IntegrityError } from "./errors.ts";
import type { RepoFiles } from "./files.ts";
import { cachedKeys, dropKey, type KeyCache, storeKey } from "./keyCache.ts";
import {
  KeyFileLimitError,
  MAX_SCRYPT_WORK_PER_OPEN,
  openKeyFile,
  type ScryptBudget,
  UnsupportedKeyFileError,
} from "./keyFile.ts";

/** restic's own limit (repository.SearchKey's maxKeys). */
export const MAX_KEY_FILES_TRIED = 20;

/** An opened repository: its master key, format version and id. */
export interface OpenRepository {
  key: CryptoKey32;
  version: 1 | 2;
  id: string;
  /** How the key was found: from the cache, or derived with scrypt (and then cached). */
  keySource: "cache" | "derived";
  /** Which password opens the repository: the derived one (protected) or the token's. */
  protection: Protection;
}

const ConfigJson = z.looseObject({
  version: z.union([z.literal(1), z.literal(2)]),
  id: z.string().regex(HEX64),
});

export interface OpenOptions {
  /** The key cache (keyCache()); null: derive every time, cache nothing. */
  keyCache: KeyCache | null;
  /** Which password the repository is known to use (state.json): tried first. */
  prefer?: Protection;
  /** Debug lines (a dropped key, a cache that cannot be written). */
  debug?: (message: string) => void;
  /** scrypt work this open may spend on key files (bytes of 128·N·r·p); default MAX_SCRYPT_WORK_PER_OPEN. */
  scryptWork?: number;
}

export async function openRepository(
  target: RepoTarget,
  files: RepoFiles,
  opts: OpenOptions,
): Promise<OpenRepository> {
  const sealedConfig = await files.get("config");
  if (!sealedConfig) throw new RepositoryMissingError(`No restic repository at "${target.display}"`);

  const cache = opts.keyCache;
  if (cache) {
    for (const entry of await cachedKeys(cache, target.password, target.display)) {
      if (await authenticates(entry.key, sealedConfig)) {
        const config = await readConfig(entry.key, sealedConfig, target);
        if (config.id === entry.repositoryId) {
          return { key: entry.key, ...config, keySource: "cache", protection: entry.protection };
        }
      }
      if (entry.sameLocation) {
        // The repository at this location was made anew (another master key): forget the old one.
        opts.debug?.(
          `dropping the cached key of repository ${entry.repositoryId.slice(0, 8)}: it no longer fits`,
        );
        await dropKey(cache, entry.repositoryId);
      }
    }
  }

  const { key, protection } = await deriveMasterKey(target, files, sealedConfig, opts.prefer, {
    left: opts.scryptWork ?? MAX_SCRYPT_WORK_PER_OPEN,
  });
  const config = await readConfig(key, sealedConfig, target);
  if (cache) {
    const entry = { password: target.password, display: target.display, repositoryId: config.id, protection };
    await storeKey(cache, entry, key).catch((e) =>
      opts.debug?.(`cannot cache the master key in "${cache.dir}": ${(e as Error).message}`)
    );
  }
  return { key, ...config, keySource: "derived", protection };
}

/**
 * Tries the key files until one opens with a password (the derived one first, unless `prefer` says
 * the token's). Like restic, a key file of a shape this reader does not know is skipped; when none
 * opens and one was skipped, the caller asks restic (UnsupportedKeyFileError), otherwise the password
 * is wrong (restic's exit 12).
 */
async function deriveMasterKey(
  target: RepoTarget,
  files: RepoFiles,
  sealedConfig: Uint8Array,
  prefer: Protection | undefined,
  budget: ScryptBudget,
): Promise<{ key: CryptoKey32; protection: Protection }> {
  const names = (await files.list("keys")).filter((n) => HEX64.test(n)).sort();
  const texts: [string, string][] = [];
  // As restic (its maxKeys): at most 20 key files are tried, so a server cannot make a run derive
  // keys without end.
  for (const name of names.slice(0, MAX_KEY_FILES_TRIED)) {
    const bytes = await files.get(`keys/${name}`);
    if (bytes) texts.push([name, new TextDecoder().decode(bytes)]);
  }
  let skipped: UnsupportedKeyFileError | null = null;
  let tooDear: KeyFileLimitError | null = null;
  for (const { password, protection } of await repoPasswords(target, prefer)) {
    for (const [name, text] of texts) {
      let key: CryptoKey32 | null;
      try {
        key = await openKeyFile(text, password, `Key file ${name.slice(0, 8)}`, Infinity, budget);
      } catch (e) {
        if (e instanceof KeyFileLimitError) {
          tooDear = e;
          continue;
        }
        if (!(e instanceof UnsupportedKeyFileError)) throw e;
        skipped = e;
        continue;
      }
      if (!key) continue;
      if (!(await authenticates(key, sealedConfig))) {
        throw new IntegrityError(
          `The config of "${target.display}" does not authenticate under its own master key`,
        );
      }
      return { key, protection };
    }
  }
  // restic would derive the dear key file: say so rather than let it (IntegrityError: no fallback).
  if (tooDear) throw tooDear;
  if (skipped) throw skipped;
  if (names.length > MAX_KEY_FILES_TRIED) {
    throw new AuthError(
      `Authentication failed: none of the first ${MAX_KEY_FILES_TRIED} of ${names.length} key files of ` +
        `"${target.display}" opens with the password (restic tries no more either)`,
      "Check the token (id:password) of this instance; a repository with that many keys may hold forged ones",
    );
  }
  throw new AuthError(
    `Authentication failed: wrong repository password for "${target.display}"`,
    "Check the token (id:password) of this instance",
  );
}

async function readConfig(
  key: CryptoKey32,
  sealed: Uint8Array,
  target: RepoTarget,
): Promise<{ version: 1 | 2; id: string }> {
  const what = `The config of "${target.display}"`;
  // config is never compressed (its version is unknown until it is read): plain JSON in both versions.
  const plain = await openSealed(key, sealed, what);
  let parsed;
  try {
    parsed = ConfigJson.parse(JSON.parse(new TextDecoder().decode(plain)));
  } catch {
    throw new IntegrityError(`${what} is not a restic config of version 1 or 2`);
  }
  return { version: parsed.version, id: parsed.id };
}
