/**
 * `errorForHttpStatus`, the one HTTP status → error mapping the listing, the in-process reader and
 * restic's failures share, and how restic's own retry lines reach it.
 */
import assert from "node:assert/strict";
import { AuthError, OfflineError, ResticError, ServerError } from "../../../core/errors.ts";
import { classifyFailure } from "../../../core/restic/failure.ts";
import {
  errorForHttpStatus,
  httpStatusInResticLine,
  isServerTrouble,
} from "../../../core/restic/httpStatus.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { OfflineWatch } from "../../../core/restic/watch.ts";

const SERVER = "https://sync.example.org";
const TARGET = repoTarget(SERVER, { id: "42", password: "status-Secret-9" }, "01JD0000000000000000000016");

/**
 * restic 0.19.1 against a server answering 502: the two retry lines are as captured on this machine;
 * the final `exit_error` line is written in restic's JSON form (≥ 0.18) for the give-up case.
 */
const RESTIC_502 = [
  "Stat(<config/>) returned error, retrying after 601.769221ms: unexpected HTTP response (502): 502 Bad Gateway",
  "Stat(<config/>) returned error, retrying after 1.228227268s: unexpected HTTP response (502): 502 Bad Gateway",
  '{"message_type":"exit_error","code":1,"message":"Fatal: unable to open config file: Stat: unexpected HTTP response (502): 502 Bad Gateway"}',
];

Deno.test("errorForHttpStatus: 2xx and 404 are no error, 401/403 auth, 5xx and 429 offline, others a failure", () => {
  for (const s of [200, 204, 404]) assert.equal(errorForHttpStatus(s, SERVER), null, String(s));
  for (const s of [401, 403]) {
    const e = errorForHttpStatus(s, SERVER);
    assert.ok(e instanceof AuthError && e.exitCode === 5, String(s));
  }
  for (const s of [429, 500, 502, 503, 504, 507, 599]) {
    const e = errorForHttpStatus(s, SERVER);
    assert.ok(e instanceof ServerError && e instanceof OfflineError && e.status === s, String(s));
    assert.ok(isServerTrouble(s));
  }
  for (const s of [400, 405, 413, 418]) {
    const e = errorForHttpStatus(s, SERVER);
    assert.ok(e instanceof ResticError && e.exitCode === 1, String(s));
    assert.ok(!isServerTrouble(s));
  }
});

Deno.test("errorForHttpStatus says what happened in the player's words and keeps the detail apart", () => {
  const e = errorForHttpStatus(502, SERVER, "GET rest:https://42:***@sync.example.org/42/x/snapshots/");
  assert.equal(e?.message, `The server "${SERVER}" answered 502 (Bad Gateway): it is down or restarting`);
  assert.equal(e?.detail, "GET rest:https://42:***@sync.example.org/42/x/snapshots/");
  assert.match(errorForHttpStatus(429, SERVER)!.message, /answered 429 \(Too Many Requests\): it is busy/);
  assert.match(
    errorForHttpStatus(500, SERVER)!.message,
    /answered 500 \(Internal Server Error\): it has an internal error/,
  );
});

Deno.test("restic's retry and exit lines give their HTTP status", () => {
  assert.deepEqual(RESTIC_502.map(httpStatusInResticLine), [502, 502, 502]);
  assert.equal(httpStatusInResticLine("Fatal: unable to open config file: connection refused"), null);
});

Deno.test("a restic run that gave up on a 502 server is a ServerError naming the server as written", () => {
  const e = classifyFailure({ code: 1, stderr: RESTIC_502, command: "snapshots" }, TARGET);
  assert.ok(e instanceof ServerError, String(e));
  assert.equal(e.message, `The server "${SERVER}" answered 502 (Bad Gateway): it is down or restarting`);
  assert.match(
    e.detail ?? "",
    /restic snapshots on rest:https:\/\/(42:)?\*\*\*@sync\.example\.org\/42\/.* exited 1/,
  );
  assert.ok(!(e.detail ?? "").includes("status-Secret-9"));
  const auth = classifyFailure({
    code: 1,
    stderr: ["unexpected HTTP response (401): 401 Unauthorized"],
    command: "init",
  }, TARGET);
  assert.ok(auth instanceof AuthError, "401 stays authentication");
});

Deno.test("the offline watch stops restic at the first 5xx/429 retry line, before any data moved", () => {
  for (
    const line of [
      RESTIC_502[0],
      RESTIC_502[0].replaceAll("502", "429").replace("Bad Gateway", "Too Many Requests"),
    ]
  ) {
    const watch = new OfflineWatch(SERVER);
    watch.stderr(line);
    assert.ok(watch.signal.aborted, line);
    assert.ok(watch.signal.reason instanceof ServerError);
    assert.match(watch.signal.reason.message, new RegExp(`^The server "${SERVER}" answered (502|429)`));
  }
  const moving = new OfflineWatch(SERVER);
  moving.status(1024, 1, 0.1);
  moving.stderr(RESTIC_502[0]);
  assert.ok(!moving.signal.aborted, "mid-transfer a retry is left to restic and the stall timer");
  moving.stop();
});
