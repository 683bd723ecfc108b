const t = (l: string) => console.error(l, performance.now().toFixed(1));
t("start");
const { routeHook } = await import("./gate.ts");
t("gate");
const route = routeHook(Deno.args, Deno.env.toObject(), Deno.cwd());
const { runLaneProcess } = await import("./lane.ts");
t("lane");
await import("./commands/sync.ts");
t("sync.ts");
await import("./frontend.ts");
t("frontend");
await import("../core/sync/pull.ts");
t("pull.ts");
// @ts-ignore x
const code = await runLaneProcess(route.command, route.flags, Deno.args);
t("done");
Deno.exit(code);
