/**
 * The running-game guard's parsers and path comparison, per OS, on the output each OS gives. The
 * Windows text has the shape of `Get-CimInstance Win32_Process` output as WINDOWS_QUERY formats it
 * (`<pid>\t<CommandLine>`), with command lines in the form Prism Launcher and the official launcher use.
 */
import assert from "node:assert/strict";
import { findRunningGame } from "../../../core/guards/gameRunning.ts";
import {
  gameDirOf,
  gameDirOfJoined,
  parseWindowsProcessList,
  splitWindowsCommandLine,
  WINDOWS_QUERY,
} from "../../../core/guards/commandLine.ts";
import { join } from "node:path";
import { writeTsProgram } from "../../helpers/program.ts";
import { skipIf } from "../../helpers/skip.ts";
import { tempDir } from "../../helpers/tmp.ts";
import {
  cwdMatchesPack,
  type JavaProcess,
  parseLsofCwd,
  parsePsArgs,
  parsePsComm,
  WINDOWS_QUERY_TIMEOUT_MS,
  windowsJavaProcesses,
} from "../../../core/guards/javaProcess.ts";
import { comparablePath, samePath } from "../../../core/guards/samePath.ts";

/** Windows paths written with "/" in this file, turned into "\\" here (and "//" into UNC "\\\\"). */
const win = (p: string) => p.replaceAll("/", "\\");
const PRISM_WIN = win(`"C:/Program Files/Eclipse Adoptium/jdk-21.0.5.11-hotspot/bin/javaw.exe" -Xms512m `) +
  win(
    `-Xmx4096m "-Djava.library.path=C:/Users/Alex/AppData/Roaming/PrismLauncher/instances/All the Mods 10/natives" `,
  ) +
  win(`-cp "C:/Users/Alex/AppData/Roaming/PrismLauncher/libraries/a.jar;C:/b.jar" `) +
  win(`org.prismlauncher.EntryPoint --username Alex --version 1.21.1 `) +
  win(`--gameDir "C:/Users/Alex/AppData/Roaming/PrismLauncher/instances/All the Mods 10/.minecraft" `) +
  win(`--assetsDir C:/Users/Alex/AppData/Roaming/PrismLauncher/assets --width 854`);
const UNC_WIN = win(`C:/jdk/bin/java.exe -cp x.jar net.minecraft.client.main.Main `) +
  win(`--gameDir=//nas/games/instances/Survival/.minecraft --accessToken [hidden]`);
const WINDOWS_OUTPUT = `4242\t${PRISM_WIN}\r\n5151\t${UNC_WIN}\r\n6060\t\r\n`;

Deno.test("splitWindowsCommandLine() follows the C runtime's quoting rules", () => {
  assert.deepEqual(splitWindowsCommandLine('a "b c" d'), ["a", "b c", "d"]);
  assert.deepEqual(splitWindowsCommandLine('"C:\\dir\\" x'), ['C:\\dir" x']);
  assert.deepEqual(splitWindowsCommandLine('"C:\\dir\\\\" x'), ["C:\\dir\\", "x"]);
  assert.deepEqual(splitWindowsCommandLine('a\\\\b c\\"d ""'), ["a\\\\b", 'c"d', ""]);
  assert.deepEqual(splitWindowsCommandLine("  spaced\targs  "), ["spaced", "args"]);
});

Deno.test("parseWindowsProcessList() reads pid and argv; a hidden command line is skipped", () => {
  const list = parseWindowsProcessList(WINDOWS_OUTPUT);
  assert.deepEqual(list.map((p) => p.pid), [4242, 5151]);
  assert.equal(
    gameDirOf(list[0].argv),
    win(`C:/Users/Alex/AppData/Roaming/PrismLauncher/instances/All the Mods 10/.minecraft`),
  );
  assert.equal(gameDirOf(list[1].argv), win(`//nas/games/instances/Survival/.minecraft`));
});

Deno.test("gameDirOf() takes --gameDir <dir> and --gameDir=<dir>, the last one winning, and nothing else", () => {
  assert.equal(gameDirOf(["java", "--gameDir", "/a", "--gameDir=/b"]), "/b");
  assert.equal(gameDirOf(["java", "--gameDirX", "/a", "--gamedir", "/c"]), null);
  assert.equal(gameDirOf(["java", "--gameDir"]), null, "a flag without a value");
});

Deno.test("gameDirOfJoined() reads macOS ps args, folders with spaces included", () => {
  const args = "/Applications/Prism Launcher.app/Contents/java/bin/java -Xmx4G -cp a.jar:b.jar " +
    "org.prismlauncher.EntryPoint --gameDir /Users/alex/Library/Application Support/PrismLauncher/instances/" +
    "ATM 10/.minecraft --assetsDir /Users/alex/assets --width 854";
  assert.equal(
    gameDirOfJoined(args),
    "/Users/alex/Library/Application Support/PrismLauncher/instances/ATM 10/.minecraft",
  );
  assert.equal(gameDirOfJoined("java -jar server.jar --gameDir=/srv/mc"), "/srv/mc");
  assert.equal(gameDirOfJoined("java -jar tool.jar --nogui"), null);
});

Deno.test("the macOS ps and lsof parsers keep Java processes and their folders", () => {
  const comm =
    "  101 /usr/libexec/logd\n  4242 /Library/Java/JavaVirtualMachines/temurin-21.jdk/Contents/Home/bin/java\n" +
    "  5151 /Applications/Minecraft.app/Contents/runtime/bin/java\n 777 /bin/zsh\n";
  assert.deepEqual([...parsePsComm(comm).keys()], [4242, 5151]);
  const args = parsePsArgs("4242 java -cp x --gameDir /Users/a/mc\n 5151 java -jar y\n");
  assert.equal(args.get(4242), "java -cp x --gameDir /Users/a/mc");
  assert.deepEqual([...parseLsofCwd("p4242\nfcwd\nn/Users/a/mc\np5151\nfcwd\nn/Users/a\n")], [
    [4242, "/Users/a/mc"],
    [5151, "/Users/a"],
  ]);
});

Deno.test("comparablePath() and samePath() compare as each OS's file system does", () => {
  const pack = win(`C:/Users/Alex/AppData/Roaming/PrismLauncher/instances/ATM/.minecraft`);
  assert.ok(samePath(pack, pack.toUpperCase(), "windows"), "NTFS ignores case");
  assert.ok(samePath(win(`//?/`) + pack, pack, "windows"), "a resolved path's \\\\?\\ prefix");
  assert.ok(samePath(pack.replaceAll("\\", "/") + "/", pack, "windows"), "forward slashes, trailing slash");
  assert.ok(samePath(win(`//?/UNC/nas/games/mc`), win(`//NAS/Games/mc`), "windows"), "UNC");
  assert.ok(!samePath(win(`D:/games/mc`), win(`C:/games/mc`), "windows"), "another drive");
  assert.ok(samePath("/Users/Alex/mc", "/users/alex/MC/", "darwin"), "APFS ignores case by default");
  assert.ok(!samePath("/home/alex/MC", "/home/alex/mc", "linux"), "Linux file systems do not");
  assert.equal(comparablePath("/home/a/./b/", "linux"), "/home/a/b");
  assert.ok(cwdMatchesPack(win(`c:/instances/atm`), win(`C:/Instances/ATM/.minecraft`), "windows"));
  assert.ok(!cwdMatchesPack("/i/a", "/i/A/.minecraft", "linux"));
});

Deno.test("findRunningGame() on Windows finds javaw by --gameDir in any case, and UNC pack folders", async () => {
  const processes = (): Promise<JavaProcess[]> =>
    Promise.resolve(
      parseWindowsProcessList(WINDOWS_OUTPUT).map((p) => ({
        pid: p.pid,
        name: "javaw.exe",
        gameDir: gameDirOf(p.argv)!,
      })),
    );
  const found = await findRunningGame(
    win(`c:/users/alex/appdata/roaming/prismlauncher/instances/ALL THE MODS 10/.minecraft`),
    { os: "windows", javaProcesses: processes },
  );
  assert.equal(found?.pid, 4242);
  assert.equal(found?.how, "process");
  assert.match(
    found?.detail ?? "",
    /^javaw\.exe \(pid 4242\) plays ".*All the Mods 10\\\.minecraft" \(--gameDir\)$/,
  );
  const unc = await findRunningGame(win(`//NAS/games/instances/Survival/.minecraft`), {
    os: "windows",
    javaProcesses: processes,
  });
  assert.equal(unc?.pid, 5151);
  const other = await findRunningGame(
    win(`C:/Users/Alex/AppData/Roaming/PrismLauncher/instances/Other/.minecraft`),
    {
      os: "windows",
      javaProcesses: processes,
    },
  );
  assert.equal(other, null);
});

Deno.test("the Windows lister runs the query, parses its answer, and gives up at its time bound", async () => {
  await using tmp = await tempDir();
  const answer = join(tmp.path, "answer.txt");
  await Deno.writeTextFile(answer, WINDOWS_OUTPUT);
  const ps = await writeTsProgram(
    tmp.path,
    "powershell",
    `if (!Deno.args.includes(${JSON.stringify(WINDOWS_QUERY)})) Deno.exit(2);
await Deno.stdout.write(await Deno.readFile(${JSON.stringify(answer)}));
if (await Deno.stat(${JSON.stringify(join(tmp.path, "slow"))}).then(() => true, () => false)) {
  await new Promise((r) => setTimeout(r, 20_000));
}
`,
  );
  const found = await windowsJavaProcesses(20_000, ps);
  assert.deepEqual(found.map((p) => [p.pid, p.name]), [[4242, "javaw.exe"], [5151, "java.exe"]]);
  assert.equal(found[1].gameDir, win(`//nas/games/instances/Survival/.minecraft`));

  await Deno.writeTextFile(join(tmp.path, "slow"), "");
  const started = performance.now();
  assert.deepEqual(await windowsJavaProcesses(500, ps), [], "a query past its bound finds nothing");
  const ms = performance.now() - started;
  assert.ok(ms < 5000, `gave up after ${ms.toFixed(0)} ms`);
});

Deno.test({
  name: "the real Windows process query answers within its bound (its cost is printed)",
  ignore: skipIf(Deno.build.os !== "windows", "Windows process query", "needs Windows and PowerShell"),
  fn: async () => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await windowsJavaProcesses();
      runs.push(performance.now() - started);
    }
    console.log(`Windows java process query: ${runs.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`);
    assert.ok(Math.max(...runs) < WINDOWS_QUERY_TIMEOUT_MS, "within WINDOWS_QUERY_TIMEOUT_MS");
  },
});
