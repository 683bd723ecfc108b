/**
 * Repositories the server cannot open (docs/security.md): a new repository is encrypted with the
 * password derived from the token (the documented shell line computes it), not with the token's
 * password the server receives as the HTTP login; a repository made with the token's password, as the
 * original tool made them, keeps syncing between two computers; `instance-sync restic -- …` opens
 * either kind with its secrets in restic's environment only. Real restic, a real rest-server on
 * 127.0.0.1 and local folders.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { resticSpy } from "../helpers/resticSpy.ts";
import { testResticPath } from "../helpers/tools.ts";
import { derivedPassword } from "../../core/restic/passwords.ts";

const USER = "me";
const PASSWORD = "pw-Token-1";

interface Computer {
  pack: string;
  run(
    args: string[],
    opts?: { input?: string; env?: Record<string, string> },
  ): ReturnType<typeof runCliProcess>;
}

/** One computer: its own config folder (machine id, key-cache secret) and key cache. */
async function computer(base: string, name: string, url: string): Promise<Computer> {
  const pack = join(base, name, ".minecraft");
  await Deno.mkdir(join(pack, "saves", "World"), { recursive: true });
  const env = {
    INSTANCE_SYNC_HOST: `pc-${name}`,
    INSTANCE_SYNC_CONFIG_DIR: join(base, `config-${name}`),
    INSTANCE_SYNC_CACHE_DIR: join(base, `cache-${name}`),
    INSTANCE_SYNC_RESTIC: testResticPath(),
    RESTIC_CACHE_DIR: join(base, `restic-cache-${name}`),
    INST_NAME: "Survival Pack",
  };
  return {
    pack,
    run: (args, opts = {}) =>
      // --pack-folder right after the command: after `restic --` it would be restic's.
      runCliProcess([args[0], `--pack-folder=${pack}`, ...args.slice(1).map((a) => a.replace("URL", url))], {
        env: { ...env, ...opts.env },
        input: opts.input,
      }),
  };
}

/** Runs the real restic on `repository` with `password` in its environment; returns its exit code. */
async function restic(repository: string, password: string, args: string[]): Promise<number> {
  const out = await new Deno.Command(testResticPath(), {
    args: [...args, "--no-cache"],
    env: { RESTIC_REPOSITORY: repository, RESTIC_PASSWORD: password },
    stdout: "null",
    stderr: "null",
  }).output();
  return out.code;
}

type Where = { url: string; base: string; repo: (name: string) => string; dataDir?: string };
const places: Record<string, (fn: (w: Where) => Promise<void>) => Promise<void>> = {
  "local folder": async (fn) => {
    const base = await Deno.makeTempDir({ prefix: "is-protect-" });
    try {
      await fn({ url: join(base, "repos"), base, repo: (name) => join(base, "repos", name) });
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
  "rest-server": async (fn) => {
    const base = await Deno.makeTempDir({ prefix: "is-protect-" });
    const server = await startRestServer({ users: { [USER]: PASSWORD } });
    const auth = server.url.replace("http://", `http://${USER}:${PASSWORD}@`);
    try {
      await fn({
        url: server.url,
        base,
        repo: (name) => `rest:${auth}/${USER}/${name}/`,
        dataDir: server.dataDir,
      });
    } finally {
      await server[Symbol.asyncDispose]();
      await Deno.remove(base, { recursive: true });
    }
  },
};

/** The disaster-recovery line of docs/security.md, run by bash as a player would paste it. */
async function documentedLine(password: string, tool: "sha256sum" | "openssl"): Promise<string> {
  const doc = await Deno.readTextFile(new URL("../../docs/security.md", import.meta.url));
  const line = doc.split("\n").map((l) => l.trim()).find((l) =>
    l.startsWith("printf 'instance-sync restic password v1:%s'") && l.includes(tool)
  );
  assert.ok(line, `docs/security.md gives the ${tool} line`);
  const out = await new Deno.Command("bash", { args: ["-c", line], env: { PASSWORD: password } }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("the documented shell lines compute the derived password this program uses", async () => {
  for (const password of [PASSWORD, "p@ss:w/rd with spaces", "\u00e9t\u00e9☃"]) {
    const expected = await derivedPassword(password);
    assert.match(expected, /^[0-9a-f]{64}$/);
    assert.notEqual(expected, password);
    assert.equal(await documentedLine(password, "sha256sum"), expected, "sha256sum");
    const openssl = await new Deno.Command("openssl", { args: ["version"] }).output().catch(() => null);
    if (openssl?.success) assert.equal(await documentedLine(password, "openssl"), expected, "openssl");
    else console.log("openssl line not checked: no openssl on this machine");
  }
});

for (const [where, withPlace] of Object.entries(places)) {
  Deno.test(`${where}: a new repository opens with the derived password, not with the token's the server receives`, () =>
    withPlace(async ({ url, base, repo }) => {
      const a = await computer(base, "a", url);
      await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "a world");
      assert.equal((await a.run(["init", "--url=URL"], { input: `${USER}:${PASSWORD}\n` })).code, 0);
      const pushed = await a.run(["push"]);
      assert.equal(pushed.code, 0, pushed.stderr);
      const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
      const derived = await documentedLine(PASSWORD, "sha256sum");
      for (const name of [id, "instances"]) {
        assert.equal(
          await restic(repo(name), PASSWORD, ["cat", "config"]),
          12,
          `${name}: the token's password`,
        );
        assert.equal(
          await restic(repo(name), derived, ["cat", "config"]),
          0,
          `${name}: the documented password`,
        );
      }
      const status = await a.run(["status", "--json"]);
      assert.equal(JSON.parse(status.stdout).protection, "protected", status.stderr);
      assert.match((await a.run(["status"])).stdout, /^Protection: +protected/m);
      const state = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/state.json")));
      assert.deepEqual(Object.keys(state.repository ?? {}).sort(), ["id", "protection"]);
      assert.equal(state.repository.protection, "protected");
    }));
}

Deno.test("rest-server: a repository made with the token's password still syncs between two computers", () =>
  places["rest-server"](async ({ url, base, repo }) => {
    const a = await computer(base, "a", url);
    const b = await computer(base, "b", url);
    // The original tool's account: the directory and the instance repository under the token's password.
    assert.equal(await restic(repo("instances"), PASSWORD, ["init"]), 0);
    await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "played on a");
    const init = await a.run(["init", "--url=URL"], { input: `${USER}:${PASSWORD}\n` });
    assert.equal(init.code, 0, init.stderr);
    const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
    assert.equal(await restic(repo(id), PASSWORD, ["init"]), 0);
    assert.equal((await a.run(["push"])).code, 0);

    const joined = await b.run(["init", "--url=URL", "--join=Survival Pack"], {
      input: `${USER}:${PASSWORD}\n`,
    });
    assert.equal(joined.code, 0, joined.stderr);
    const pulled = await b.run(["pull"]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(await Deno.readTextFile(join(b.pack, "saves/World/level.dat")), "played on a");
    await Deno.writeTextFile(join(b.pack, "saves/World/level.dat"), "played on b");
    assert.equal((await b.run(["push"])).code, 0);
    const back = await a.run(["pull"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(await Deno.readTextFile(join(a.pack, "saves/World/level.dat")), "played on b");

    // Still the token's repository (nothing re-encrypted it), and status says the server can read it.
    const derived = await derivedPassword(PASSWORD);
    assert.equal(await restic(repo(id), derived, ["cat", "config"]), 12);
    assert.equal(await restic(repo("instances"), derived, ["cat", "config"]), 12);
    for (const pc of [a, b]) {
      const status = await pc.run(["status", "--json"]);
      assert.equal(JSON.parse(status.stdout).protection, "server-readable", status.stderr);
    }
    assert.match((await b.run(["status"])).stdout, /^Protection: +server-readable/m);
    const history = JSON.parse((await b.run(["history", "--json"])).stdout).snapshots;
    assert.equal(history.length, 2);
    const listed = await b.run(["restic", "--", "snapshots", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(
      JSON.parse(listed.stdout).length,
      2,
      "instance-sync restic opens it with the token's password",
    );
  }));

Deno.test("instance-sync restic -- snapshots runs restic with the secrets in its environment, never on argv", () =>
  places["local folder"](async ({ url, base }) => {
    const a = await computer(base, "a", url);
    const spy = await resticSpy(base);
    const env = { INSTANCE_SYNC_RESTIC: spy.path };
    assert.equal((await a.run(["init", "--url=URL"], { input: `${USER}:${PASSWORD}\n`, env })).code, 0);
    // No repository yet: restic's own exit code (10) comes through.
    const none = await a.run(["restic", "--", "snapshots"], { env });
    assert.equal(none.code, 10, none.stderr);
    await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "a world");
    assert.equal((await a.run(["push"], { env })).code, 0);
    const listed = await a.run(["restic", "--", "snapshots", "--json"], { env });
    assert.equal(listed.code, 0, listed.stderr);
    const [snapshot] = JSON.parse(listed.stdout);
    const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
    assert.ok(snapshot.tags.includes(`instance=${id}`), `the snapshot names its instance: ${snapshot.tags}`);
    const calls = await spy.calls();
    assert.ok(calls.includes("snapshots --json"), `restic got the arguments as given: ${calls.join(" | ")}`);
    const derived = await derivedPassword(PASSWORD);
    for (const call of calls) {
      assert.ok(!call.includes(PASSWORD) && !call.includes(derived), `a password on argv: ${call}`);
    }
    for (const out of [none, listed]) {
      assert.ok(!(out.stdout + out.stderr).includes(derived), "the derived password is not printed");
    }
  }));
