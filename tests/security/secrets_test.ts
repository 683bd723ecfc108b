/**
 * I5: the password never leaves `.cloud-sync/token` and restic's environment (nor does the fast key's
 * password, which restic also gets only in its environment). Every command runs as a
 * launcher or a script would (no TTY, plain and `--json`), through a restic wrapper that records its
 * argv and the NAMES of its environment variables; then argv, stdout, stderr, the NDJSON events and
 * every file under the pack folders (state.json, files-from.txt, the lock while held …) are searched
 * for the password in every form it could take (raw, URL-encoded, base64 in a Basic header).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type CliResult, runCliProcess, testConfigDir } from "../helpers/cli.ts";
import { fastPassword } from "../../core/repo/fastKey.ts";
import { derivedPassword } from "../../core/restic/passwords.ts";
import { fromBase64 } from "../../core/repo/keyFile.ts";
import { splitKey } from "../../core/repo/crypto.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { writeLoggingRestic } from "../helpers/fakeRestic.ts";

const USER = "player";
// '@', '/' and '+' change under URL encoding, so an encoded leak is caught too.
const PASSWORD = `S3cr3t@pw/${crypto.randomUUID().slice(0, 8)}+x`;
const WRONG = `Wr0ng@pw/${crypto.randomUUID().slice(0, 8)}`;

function secretForms(pw: string): string[] {
  return [pw, encodeURIComponent(pw), btoa(`${USER}:${pw}`), `${USER}:${pw}`, pw.slice(0, 12)];
}

/** A restic that logs its argv and its environment's variable names, then runs the real one. */
async function spyRestic(dir: string): Promise<{ path: string; log: string }> {
  const log = join(dir, "restic-spy.log");
  const path = await writeLoggingRestic(
    dir,
    testResticPath(),
    `const [log, ...args] = Deno.args;
const argv = "ARGV" + args.map((a) => " [" + a + "]").join("");
const names = "ENV " + Object.keys(Deno.env.toObject()).join(" ") + " ";
await Deno.writeTextFile(log, argv + "\\n" + names + "\\n", { append: true });
`,
    log,
  );
  return { path, log };
}

Deno.test("no command puts the password in argv, output, --json events or files other than the token", async () => {
  await using server = await startRestServer({ users: { [USER]: PASSWORD } });
  const work = await Deno.makeTempDir({ prefix: "is-secrets-" });
  const spy = await spyRestic(work);
  const a = join(work, "pc-a");
  const b = join(work, "pc-b");
  const c = join(work, "pc-c");
  for (const d of [a, b, c]) await Deno.mkdir(join(d, "saves/World"), { recursive: true });
  const tokenFile = join(work, "token-for-b");
  await Deno.writeTextFile(tokenFile, `${USER}:${PASSWORD}\n`, { mode: 0o600 });
  const outputs: { what: string; r: CliResult }[] = [];
  const env = (host: string) => ({
    INSTANCE_SYNC_RESTIC: spy.path,
    INSTANCE_SYNC_HOST: host,
    RESTIC_CACHE_DIR: join(work, `cache-${host}`),
  });
  const run = async (host: string, args: string[], input?: string, expect = [0]) => {
    const r = await runCliProcess(args, { env: env(host), input });
    outputs.push({ what: `${host}: ${args.join(" ")}`, r });
    assert.ok(expect.includes(r.code), `${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
    return r;
  };
  const world = (dir: string, text: string) => Deno.writeTextFile(join(dir, "saves/World/level.dat"), text);

  try {
    await run(
      "pc-a",
      ["setup", `--url=${server.url}`, `--pack-folder=${a}`, "--no-gui"],
      `${USER}:${PASSWORD}\n`,
    );
    const id = JSON.parse(await Deno.readTextFile(join(a, ".cloud-sync/sync.json"))).instance_id;
    await world(a, "v1 from a");
    await run("pc-a", ["push", `--pack-folder=${a}`]);
    await run("pc-b", [
      "init",
      `--url=${server.url}`,
      `--instance-id=${id}`,
      `--token-file=${tokenFile}`,
      `--pack-folder=${b}`,
    ]);
    await run("pc-b", ["pull", `--pack-folder=${b}`]);
    await run("pc-b", ["pull", `--pack-folder=${b}`, "--json"]);

    // The lock while a run holds it.
    await world(a, "v2 from a ".repeat(1000));
    const holding = runCliProcess(["push", `--pack-folder=${a}`, "--json"], { env: env("pc-a") });
    let lockText = "";
    for (let i = 0; i < 400 && !lockText; i++) {
      lockText = await Deno.readTextFile(join(a, ".cloud-sync/lock")).catch(() => "");
      if (!lockText) await new Promise((r) => setTimeout(r, 10));
    }
    outputs.push({ what: "pc-a: push --json (lock held)", r: await holding });
    assert.ok(lockText, "the lock file was seen while push ran");
    outputs.push({ what: "content of .cloud-sync/lock", r: { code: 0, stdout: lockText, stderr: "" } });

    // A conflict, reported plainly and as JSON, then resolved both ways.
    await world(b, "v2 from b");
    await run("pc-b", ["pull", `--pack-folder=${b}`], undefined, [3]);
    await run("pc-b", ["pull", `--pack-folder=${b}`, "--json"], undefined, [3]);
    await run("pc-b", ["resolve", `--pack-folder=${b}`, "--choice=use-cloud"]);
    await world(a, "v3 from a");
    await run("pc-a", ["push", `--pack-folder=${a}`]);
    await world(b, "v3 from b");
    await run("pc-b", ["resolve", `--pack-folder=${b}`, "--choice=keep-local", "--json"]);
    await run("pc-b", ["push", `--pack-folder=${b}`, "--json"]);

    for (const dir of [a, b]) {
      for (const cmd of ["status", "history"]) {
        await run("pc-a", [cmd, `--pack-folder=${dir}`]);
        await run("pc-a", [cmd, `--pack-folder=${dir}`, "--json"]);
      }
    }
    const history = JSON.parse(
      (await run("pc-a", ["history", `--pack-folder=${a}`, "--json"])).stdout.trim().split("\n").pop()!,
    );
    const snapshots = (history.snapshots ?? history.history ?? history.entries ?? []) as { id: string }[];
    const oldest = snapshots.at(-1)?.id ?? snapshots[0]?.id;
    assert.ok(oldest, `history --json lists snapshots: ${JSON.stringify(history).slice(0, 300)}`);
    await run("pc-a", ["restore", oldest.slice(0, 8), `--pack-folder=${a}`, "--yes"]);
    await run("pc-a", ["restore", oldest.slice(0, 8), `--pack-folder=${a}`, "--yes", "--json"]);
    await run("pc-a", ["push", `--pack-folder=${a}`, "--json"]);
    // restic on the instance's repository, with the derived password in its environment only.
    const listed = await run("pc-a", ["restic", `--pack-folder=${a}`, "--", "snapshots", "--json"]);
    assert.ok(JSON.parse(listed.stdout).length >= 2, "instance-sync restic -- snapshots lists the snapshots");
    await run("pc-b", ["disable", `--pack-folder=${b}`]);
    await run("pc-b", ["enable", `--pack-folder=${b}`]);

    // Failures quote the repository: a wrong password and an unreachable server.
    await run("pc-c", [
      "init",
      `--url=${server.url}`,
      `--instance-id=${id}`,
      `--token=${USER}:${WRONG}`,
      `--pack-folder=${c}`,
    ]);
    await run("pc-c", ["pull", `--pack-folder=${c}`], undefined, [5]);
    await run("pc-c", ["pull", `--pack-folder=${c}`, "--json"], undefined, [5]);
    await run("pc-c", ["status", `--pack-folder=${c}`, "--json"], undefined, [0, 5]);
    await server.stop();
    await run("pc-a", ["pull", `--pack-folder=${a}`, "--offline=abort"], undefined, [1]);
    await run("pc-a", ["status", `--pack-folder=${a}`, "--json"], undefined, [0, 1]);
  } finally {
    await server.stop();
  }

  const leaks: string[] = [];
  const search = (where: string, text: string, forms: string[]) => {
    for (const s of forms) if (text.includes(s)) leaks.push(`${where} contains ${JSON.stringify(s)}`);
  };
  // The fast key's password (core/repo/fastKey.ts) opens the repository too: computed here from each
  // computer's cached master key, it must be found nowhere either (restic gets it in its environment).
  const fastPasswords: string[] = [];
  for (const host of ["pc-a", "pc-b"]) {
    const dir = join(testConfigDir(host), "cache", "keys");
    for await (const e of Deno.readDir(dir)) {
      const entry = JSON.parse(await Deno.readTextFile(join(dir, e.name)));
      if (entry.fastKey) {
        fastPasswords.push(await fastPassword(splitKey(fromBase64(entry.key)), entry.repository));
      }
    }
  }
  assert.ok(
    fastPasswords.length >= 2,
    `restic ran with a fast key on both computers: ${fastPasswords.length}`,
  );
  // The derived restic password (core/restic/passwords.ts) opens the repositories: never shown either.
  const derived = [await derivedPassword(PASSWORD), await derivedPassword(WRONG)];
  const forms = [
    ...secretForms(PASSWORD),
    ...secretForms(WRONG),
    ...derived.flatMap((pw) => [pw, pw.slice(0, 16)]),
    ...fastPasswords.flatMap((pw) => [pw, encodeURIComponent(pw)]),
  ];
  for (const { what, r } of outputs) {
    search(`${what}: stdout`, r.stdout, forms);
    search(`${what}: stderr`, r.stderr, forms);
    if (what.includes("--json")) {
      for (const line of r.stdout.split("\n").filter(Boolean)) {
        assert.doesNotThrow(() => JSON.parse(line), `${what}: a stdout line is not JSON: ${line}`);
      }
    }
  }
  const spyLog = await Deno.readTextFile(spy.log);
  const argvLines = spyLog.split("\n").filter((l) => l.startsWith("ARGV"));
  assert.ok(argvLines.length >= 10, `restic ran ${argvLines.length} times`);
  search("restic argv", argvLines.join("\n"), forms);
  // Every restic that opens the repository gets it and the password from the environment.
  const lines = spyLog.split("\n");
  for (let i = 0; i + 1 < lines.length; i += 2) {
    if (lines[i].startsWith("ARGV [version]")) continue;
    const names = ` ${lines[i + 1].slice(4)} `;
    assert.ok(/ RESTIC_PASSWORD /.test(names) && / RESTIC_REPOSITORY /.test(names), `${lines[i]}: ${names}`);
  }

  let files = 0;
  for (const pack of [a, b, c]) {
    const walk = async (rel: string) => {
      for await (const e of Deno.readDir(join(pack, rel))) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory) await walk(p);
        else if (e.isFile && p !== ".cloud-sync/token") {
          files++;
          search(`${pack}/${p}`, new TextDecoder().decode(await Deno.readFile(join(pack, p))), forms);
        }
      }
    };
    await walk("");
  }
  // The key cache and its secret hold no password, token's or derived.
  for (const host of ["pc-a", "pc-b"]) {
    search(
      `${host}: key-cache.secret`,
      await Deno.readTextFile(join(testConfigDir(host), "key-cache.secret")),
      forms,
    );
    for await (const e of Deno.readDir(join(testConfigDir(host), "cache", "keys"))) {
      search(
        `${host}: cached key ${e.name}`,
        await Deno.readTextFile(join(testConfigDir(host), "cache", "keys", e.name)),
        forms,
      );
    }
  }
  for (const name of ["state.json", "files-from.txt", "exclude-from.txt", "sync.json"]) {
    assert.ok(await Deno.stat(join(a, ".cloud-sync", name)).catch(() => null), `${name} was checked`);
  }
  console.log(
    `security: ${outputs.length} runs, ${argvLines.length} restic invocations and ${files} files searched for the password`,
  );
  await Deno.remove(work, { recursive: true }).catch(() => {});
  assert.deepEqual(leaks, [], leaks.join("\n"));
});
