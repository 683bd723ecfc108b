import {
  AnswerBodySchema,
  answerSchema,
  type BrowserAnswer,
  type BrowserQuestion,
  pageModel,
} from "./question.ts";
import { renderPage } from "./page.ts";
import { worldIcons } from "./icons.ts";
import { newToken, readLimited, refused, respond, sameText } from "./http.ts";

/** The one-question web server a hook runs while the browser page is open. */
export interface DialogServer {
  /** `http://127.0.0.1:<port>/<token>/`: what the browser opens and the log line names. */
  url: string;
  /** Resolves with the first valid answer the page posts. */
  answer: Promise<BrowserAnswer>;
  /** Whether the page holds its event stream now, whether it ever did, and since when it holds none. */
  presence(): { open: number; ever: boolean; noneSince: number };
  /** Stops listening and ends every stream; the page can do nothing more. */
  close(): Promise<void>;
}

export interface DialogServerOptions {
  question: BrowserQuestion;
  /** The instance folder: icons come from its world folders. */
  packFolder: string;
}

const MAX_BODY = 64 * 1024;
const PING_MS = 2000;

/**
 * Serves `question` on 127.0.0.1 (a random port) under a path holding a fresh 128-bit token. Every
 * request must carry the token and name exactly this address as its `Host` (no DNS rebinding); the
 * answer is a JSON `POST` from this origin only, checked against the answers the question offers.
 */
export async function startDialogServer(o: DialogServerOptions): Promise<DialogServer> {
  const token = newToken();
  const icons = await worldIcons(o.packFolder, o.question);
  const model = pageModel(o.question, (i) => icons.has(i));
  const schema = answerSchema(o.question);
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const presence = { open: 0, ever: false, noneSince: Date.now() };
  let settle!: (a: BrowserAnswer) => void;
  const answer = new Promise<BrowserAnswer>((r) => settle = r);
  let answered = false;
  const enc = new TextEncoder();
  let host = "";
  let origin = "";

  const events = (info: Deno.ServeHandlerInfo<Deno.NetAddr>): Response => {
    let self: ReadableStreamDefaultController<Uint8Array> | null = null;
    const drop = () => {
      if (!self || !streams.delete(self)) return;
      if (--presence.open === 0) presence.noneSince = Date.now();
    };
    // The stream ends when the tab closes or reloads: the response counts as complete then.
    info.completed.finally(drop).catch(() => {});
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        self = c;
        streams.add(c);
        presence.open++;
        presence.ever = true;
        c.enqueue(enc.encode("retry: 1000\n\n"));
      },
      cancel: drop,
    });
    return respond(200, body, { "content-type": "text/event-stream" });
  };

  const post = async (req: Request): Promise<Response> => {
    // A page of any other origin (or a form, or a script elsewhere) cannot answer.
    if (req.headers.get("origin") !== origin) return refused(403);
    if (!req.headers.get("content-type")?.startsWith("application/json")) return refused(415);
    if (answered) return refused(409);
    const text = await readLimited(req, MAX_BODY);
    if (text === null) return refused(413);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refused(400);
    }
    const body = AnswerBodySchema.safeParse(parsed);
    const checked = body.success ? schema.safeParse(body.data.answer) : null;
    if (!checked?.success || answered) return refused(400);
    answered = true;
    settle(checked.data);
    return respond(204, null);
  };

  const handler = async (req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>): Promise<Response> => {
    if (req.headers.get("host") !== host) return refused(421);
    const url = new URL(req.url);
    const [, first, ...rest] = url.pathname.split("/");
    if (!sameText(first ?? "", token) || url.search) return refused(404);
    // The page's own requests are same-origin; a navigation typed or opened from the desktop is "none".
    const site = req.headers.get("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") return refused(403);
    const path = rest.join("/");
    if (path === "answer") return req.method === "POST" ? await post(req) : refused(405);
    if (req.method !== "GET") return refused(405);
    if (path === "") {
      const nonce = newToken();
      return respond(200, renderPage(model, nonce), {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy":
          `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ` +
          "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      });
    }
    if (path === "events") return events(info);
    const icon = /^icon\/(\d{1,4})$/.exec(path);
    if (icon) {
      const bytes = await icons.read(Number(icon[1]));
      return bytes ? respond(200, bytes, { "content-type": "image/png" }) : refused(404);
    }
    return refused(404);
  };

  const stop = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: stop.signal,
    onListen: () => {},
    onError: () => refused(500),
  }, handler);
  const port = (server.addr as Deno.NetAddr).port;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  const ping = setInterval(() => {
    for (const c of streams) {
      try {
        c.enqueue(enc.encode(": ping\n\n"));
      } catch { /* closed meanwhile */ }
    }
  }, PING_MS);

  return {
    url: `${origin}/${token}/`,
    answer,
    presence: () => ({ ...presence }),
    async close() {
      clearInterval(ping);
      for (const c of streams) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
      streams.clear();
      stop.abort();
      await Promise.race([server.finished, new Promise((r) => setTimeout(r, 2000))]);
    },
  };
}
