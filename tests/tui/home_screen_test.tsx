/** The home screen (`instance-sync` in a terminal), driven with keys as a terminal sends them. */
import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { DiscoveredInstance } from "../../core/launchers/types.ts";
import { HomeScreen } from "../../tui/home/HomeScreen.tsx";
import type { HomePick } from "../../tui/home/actions.ts";
import { KEY, plain, press, tick } from "./helpers.ts";

const INSTALL = {
  kind: "prism",
  dataDir: "/home/alex/.local/share/PrismLauncher",
  flatpak: false,
  source: "default",
} as const;

function instance(name: string, over: Partial<DiscoveredInstance> = {}): DiscoveredInstance {
  return {
    launcher: "prism",
    install: INSTALL,
    name,
    folderName: name.toLowerCase(),
    instanceDir: `${INSTALL.dataDir}/instances/${name}`,
    gameDir: `${INSTALL.dataDir}/instances/${name}/minecraft`,
    sync: { state: "off" },
    hooks: { state: "none" },
    lastSync: null,
    ...over,
  };
}

const INSTANCES = [
  instance("Cozy Pack"),
  instance("Survival", {
    sync: { state: "on", instanceId: "01J9ZQ6V7W8X9Y0Z1A2B3C4D5E" },
    hooks: { state: "instance" },
    lastSync: "2026-12-01T10:00:00.000Z",
  }),
  instance("Old World", { sync: { state: "paused", instanceId: "01J9ZQ6V7W8X9Y0Z1A2B3C4D5F" } }),
];

function mount() {
  const picks: (HomePick | "quit")[] = [];
  const r = render(
    <HomeScreen instances={INSTANCES} onPick={(p) => picks.push(p)} onQuit={() => picks.push("quit")} />,
  );
  return { r, picks, frame: () => plain(r.lastFrame()) };
}

Deno.test("HomeScreen lists each instance with its launcher, sync and hook state", async () => {
  const { r, frame } = mount();
  try {
    await tick();
    const f = frame();
    assert.match(f, /❯ Cozy Pack\n\s+Prism Launcher · not syncing · hooks not wired/);
    assert.match(f, /Survival\n\s+Prism Launcher · syncing · hooks wired · last sync 2026-12-01 10:00/);
    assert.match(f, /Old World\n\s+Prism Launcher · sync paused · hooks not wired/);
  } finally {
    r.unmount();
  }
});

Deno.test("HomeScreen offers set-up on an instance that does not sync and answers with the pick", async () => {
  const { r, picks, frame } = mount();
  try {
    await tick();
    await press(r.stdin, KEY.enter);
    assert.match(frame(), /Cozy Pack · Prism Launcher\n.*\n.*minecraft\n\n❯ Set up sync/);
    assert.match(frame(), /Wire the hooks \(this instance\)/);
    await press(r.stdin, KEY.enter);
    assert.deepEqual(picks, [{ action: "setup", index: 0 }]);
  } finally {
    r.unmount();
  }
});

Deno.test("HomeScreen offers history and pause on a synced instance, resume on a paused one; Esc goes back", async () => {
  const { r, picks, frame } = mount();
  try {
    await tick();
    await press(r.stdin, KEY.down, KEY.enter);
    assert.match(frame(), /❯ Browse history\n.*\n\s+Pause sync/);
    assert.doesNotMatch(frame(), /Set up sync|Resume/);
    await press(r.stdin, KEY.escape);
    await tick(); // a lone Escape waits to rule out a sequence
    assert.match(frame(), /Your instances/);
    await press(r.stdin, KEY.down, KEY.enter);
    assert.match(frame(), /Old World[\s\S]*❯ Resume sync/);
    await press(r.stdin, KEY.enter);
    assert.deepEqual(picks, [{ action: "resume", index: 2 }]);
  } finally {
    r.unmount();
  }
});

Deno.test("HomeScreen says why an instance's hooks are broken when it is opened", async () => {
  const broken = instance("Vanilla", {
    sync: { state: "on", instanceId: "01J9ZQ6V7W8X9Y0Z1A2B3C4D5E" },
    hooks: {
      state: "broken",
      detail: 'names "/home/alex/.local/bin/instance-sync", which the launcher\'s Flatpak sandbox cannot see',
    },
  });
  const r = render(<HomeScreen instances={[broken]} onPick={() => {}} onQuit={() => {}} />);
  try {
    await tick();
    await press(r.stdin, KEY.enter);
    assert.match(
      plain(r.lastFrame()),
      /syncing · hooks broken\nBroken: names "\/home\/alex\/\.local\/bin\/instance-sync", which the launcher's Flatpak sandbox/,
    );
  } finally {
    r.unmount();
  }
});

Deno.test("HomeScreen quits with q on the list", async () => {
  const { r, picks } = mount();
  try {
    await tick();
    await press(r.stdin, "q");
    assert.deepEqual(picks, ["quit"]);
  } finally {
    r.unmount();
  }
});

Deno.test("HomeScreen without instances says where it looked and what to run instead", async () => {
  const quit: string[] = [];
  const r = render(<HomeScreen instances={[]} onPick={() => {}} onQuit={() => quit.push("quit")} />);
  try {
    await tick();
    assert.match(
      plain(r.lastFrame()),
      /No launcher instances found \(Prism Launcher, MultiMC, ATLauncher, Modrinth App\)/,
    );
    await press(r.stdin, "q");
    assert.deepEqual(quit, ["quit"]);
  } finally {
    r.unmount();
  }
});
