/** The commands the quick lane runs: cli/gate.ts routes them, cli/lane.ts runs them. */
export type LaneCommand = "pull" | "push" | "status" | "history";
