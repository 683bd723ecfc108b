/**
 * The browser page's server on its own (no browser): what it binds to, which requests it refuses, and
 * which answers it accepts. Requests are written by hand over TCP so the `Host` and `Origin` headers are
 * exactly what a rebinding page or another site would send.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startDialogServer } from "../../../cli/browser/server.ts";
import { inlineJson } from "../../../cli/browser/page.ts";
import { urlOpeners } from "../../../cli/browser/opener.ts";
import { conflictQuestion } from "./question.ts";

/** One raw HTTP/1.1 request; the status code and body of the answer. */
async function raw(port: number, head: string, body = ""): Promise<{ status: number; text: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const bytes = new TextEncoder().encode(body);
  const extra = body ? `Content-Length: ${bytes.length}\r\n` : "";
  await conn.write(new TextEncoder().encode(`${head}\r\n${extra}Connection: close\r\n\r\n${body}`));
  const chunks: string[] = [];
  const buf = new Uint8Array(65536);
  const dec = new TextDecoder();
  while (true) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) break;
    chunks.push(dec.decode(buf.subarray(0, n)));
  }
  conn.close();
  const text = chunks.join("");
  return { status: Number(text.split(" ")[1]), text };
}

Deno.test("the dialog server listens on 127.0.0.1 under a 128-bit token and refuses a wrong token and a foreign Host", async () => {
  const server = await startDialogServer({
    question: conflictQuestion(),
    packFolder: "/nonexistent",
  });
  try {
    const url = new URL(server.url);
    assert.equal(url.hostname, "127.0.0.1");
    const token = url.pathname.split("/")[1];
    const bits = atob(token.replaceAll("-", "+").replaceAll("_", "/") + "==").length * 8;
    assert.equal(bits, 128);
    const port = Number(url.port);
    const host = `Host: 127.0.0.1:${port}`;

    const page = await raw(port, `GET /${token}/ HTTP/1.1\r\n${host}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /content-security-policy: default-src 'none'; script-src 'nonce-/i);
    assert.doesNotMatch(page.text, /secret-place/, "the pack folder stays in the hook");

    const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    assert.equal((await raw(port, `GET /${wrong}/ HTTP/1.1\r\n${host}`)).status, 404);
    assert.equal((await raw(port, `GET / HTTP/1.1\r\n${host}`)).status, 404);
    assert.equal((await raw(port, `GET /${token}/../ HTTP/1.1\r\n${host}`)).status, 404);
    // A rebinding page reaches the same socket under its own name: refused.
    assert.equal((await raw(port, `GET /${token}/ HTTP/1.1\r\nHost: rebind.example:${port}`)).status, 421);
    assert.equal((await raw(port, `GET /${token}/ HTTP/1.1\r\nHost: localhost:${port}`)).status, 421);
    assert.equal((await raw(port, `GET /${token}/ HTTP/1.1\r\nHost: 127.0.0.1:1`)).status, 421);
    // A page of another site cannot embed or fetch it either.
    assert.equal(
      (await raw(port, `GET /${token}/ HTTP/1.1\r\n${host}\r\nSec-Fetch-Site: cross-site`)).status,
      403,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the answer is a JSON POST from the page's own origin, and only an answer the question offers", async () => {
  const server = await startDialogServer({
    question: conflictQuestion(["saves/World", "saves/Other"]),
    packFolder: "/nonexistent",
  });
  let settled: unknown = undefined;
  server.answer.then((a) => settled = a);
  try {
    const url = new URL(server.url);
    const port = Number(url.port);
    const path = `${url.pathname}answer`;
    const post = (origin: string | null, body: string, type = "application/json") =>
      raw(
        port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${type}` +
          (origin ? `\r\nOrigin: ${origin}` : ""),
        body,
      );
    const own = `http://127.0.0.1:${port}`;
    const cloud = JSON.stringify({ answer: "use-cloud" });
    assert.equal((await post("http://evil.example", cloud)).status, 403, "another origin");
    assert.equal((await post(`http://localhost:${port}`, cloud)).status, 403, "another name for us");
    assert.equal((await post(null, cloud)).status, 403, "no origin");
    assert.equal((await post(own, cloud, "text/plain")).status, 415, "a form or a no-cors post");
    assert.equal((await post(own, JSON.stringify({ answer: "delete-everything" }))).status, 400);
    assert.equal(
      (await post(own, JSON.stringify({ answer: { worlds: { "saves/World": "cloud" } } }))).status,
      400,
    );
    assert.equal(
      (await post(
        own,
        JSON.stringify({ answer: { worlds: { "saves/World": "cloud", "../../x": "local" } } }),
      ))
        .status,
      400,
    );
    assert.equal((await post(own, "{")).status, 400);
    assert.equal((await post(own, JSON.stringify({ answer: "x".repeat(70_000) }))).status, 413);
    assert.equal(
      (await raw(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}`)).status,
      405,
      "a GET answers nothing",
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, undefined, "no refused request answered the question");

    const perWorld = { worlds: { "saves/World": "local", "saves/Other": "both" } };
    assert.equal((await post(own, JSON.stringify({ answer: perWorld }))).status, 204);
    assert.deepEqual(await server.answer, perWorld);
    assert.equal((await post(own, cloud)).status, 409, "one answer only");
  } finally {
    await server.close();
  }
  // Stopped: the port no longer answers.
  await assert.rejects(fetch(server.url));
});

Deno.test("a world's icon.png is served only when it is a small regular PNG in the local world folder", async () => {
  const pack = await Deno.makeTempDir();
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  for (const w of ["Icon", "Big", "Link", "Text", "None"]) {
    await Deno.mkdir(join(pack, "saves", w), { recursive: true });
  }
  await Deno.writeFile(join(pack, "saves/Icon/icon.png"), png);
  await Deno.writeFile(join(pack, "saves/Big/icon.png"), new Uint8Array(300 * 1024).fill(0x89));
  await Deno.writeTextFile(join(pack, "secret.txt"), "token");
  await Deno.symlink(join(pack, "secret.txt"), join(pack, "saves/Link/icon.png"));
  await Deno.writeTextFile(join(pack, "saves/Text/icon.png"), "not a png");
  const folders = ["saves/Icon", "saves/Big", "saves/Link", "saves/Text", "saves/None", "saves/.."];
  const server = await startDialogServer({
    question: conflictQuestion(folders),
    packFolder: pack,
  });
  try {
    const status = async (i: number) => {
      const r = await fetch(`${server.url}icon/${i}`);
      const body = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get("content-type"), body };
    };
    const icon = await status(0);
    assert.equal(icon.status, 200);
    assert.equal(icon.type, "image/png");
    assert.deepEqual(icon.body, png);
    for (const i of [1, 2, 3, 4, 5, 99]) {
      assert.equal((await status(i)).status, 404, folders[i] ?? "no world");
    }
  } finally {
    await server.close();
  }
});

Deno.test("data inlined into the page cannot close its script element", () => {
  const text = inlineJson({ name: "</script><script>alert(1)</script> & \u2028" });
  assert.doesNotMatch(text, /<|>|&|\u2028/);
  assert.deepEqual(JSON.parse(text), { name: "</script><script>alert(1)</script> & \u2028" });
});

Deno.test("the URL opener: $BROWSER alone when set (with %s or the URL last), else the desktop's own", () => {
  const url = "http://127.0.0.1:5/t/";
  assert.deepEqual(urlOpeners(url, "linux", { BROWSER: "firefox --new-tab:'/opt/my browser' %s --x" }), [
    { name: "$BROWSER (firefox)", cmd: "firefox", args: ["--new-tab", url] },
    { name: "$BROWSER (my browser)", cmd: "/opt/my browser", args: [url, "--x"] },
  ]);
  assert.deepEqual(urlOpeners(url, "linux", {}), [{ name: "xdg-open", cmd: "xdg-open", args: [url] }]);
  assert.deepEqual(urlOpeners(url, "darwin", { BROWSER: " " }), [{ name: "open", cmd: "open", args: [url] }]);
  assert.deepEqual(urlOpeners(url, "windows", {}), [{
    name: "start",
    cmd: "cmd.exe",
    args: [`/d /s /c "start "" "${url}""`],
    windowsRawArguments: true,
  }]);
});
