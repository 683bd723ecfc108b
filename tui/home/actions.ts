import type { DiscoveredInstance } from "../../core/launchers/types.ts";
import type { Choice } from "../ChoiceList.tsx";

/** What the player can do with one instance from the home screen. */
export type HomeAction =
  | "setup"
  | "wire-instance"
  | "wire-all"
  | "history"
  | "pause"
  | "resume"
  | "doctor";

/** The home screen's answer: an action on the instance at `index` of the list it was given. */
export interface HomePick {
  action: HomeAction;
  index: number;
}

const LAUNCHER_NAMES = {
  prism: "Prism Launcher",
  multimc: "MultiMC",
  atlauncher: "ATLauncher",
  modrinth: "Modrinth App",
} as const;

export function launcherName(i: DiscoveredInstance): string {
  return LAUNCHER_NAMES[i.launcher] + (i.install.flatpak ? " (Flatpak)" : "");
}

const HOOKS = {
  none: "hooks not wired",
  instance: "hooks wired",
  global: "hooks wired for all instances",
  off: "hooks overridden off",
  foreign: "another program's hooks",
  broken: "hooks broken",
} as const;

/** One line on an instance's state: sync, hooks, last sync. */
export function stateLine(i: DiscoveredInstance): string {
  const sync = i.sync.state === "on" ? "syncing" : i.sync.state === "paused" ? "sync paused" : "not syncing";
  const last = i.lastSync ? ` · last sync ${i.lastSync.slice(0, 16).replace("T", " ")}` : "";
  return `${sync} · ${HOOKS[i.hooks.state]}${last}`;
}

/** The actions that make sense for an instance in its state, most likely first. */
export function actionsFor(i: DiscoveredInstance): Choice<HomeAction>[] {
  const wired = i.hooks.state === "instance" || i.hooks.state === "global";
  const wire: Choice<HomeAction>[] = [
    {
      value: "wire-instance",
      label: wired ? "Wire the hooks again (this instance)" : "Wire the hooks (this instance)",
      hint: `${launcherName(i)} runs \`pull\` before launch and \`push\` after exit`,
    },
    { value: "wire-all", label: "Wire the hooks for all instances", hint: "every instance of this launcher" },
  ];
  const check: Choice<HomeAction> = {
    value: "doctor",
    label: "Check for problems",
    hint: "what would stop a launch from syncing (`instance-sync doctor`)",
  };
  if (i.sync.state === "off") {
    return [
      {
        value: "setup",
        label: "Set up sync",
        hint: `server or folder, account, then the hooks: "${i.gameDir}"`,
      },
      ...wire,
      check,
    ];
  }
  if (i.sync.state === "paused") {
    return [{ value: "resume", label: "Resume sync", hint: "same instance id and history as before" }, check];
  }
  return [
    ...(wired ? [] : wire),
    { value: "history", label: "Browse history", hint: "bring back an earlier version of a world" },
    { value: "pause", label: "Pause sync", hint: "the hooks do nothing until you resume (`disable`)" },
    ...(wired ? wire : []),
    check,
  ];
}
