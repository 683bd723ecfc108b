/** The command line's text formatting is core's (core/format.ts), which the TUI shares. */
export { formatBytes, formatDuration, formatTime } from "../../core/format.ts";
