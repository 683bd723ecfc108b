/** The exit code table of docs/contract.md#exit-codes, printed by `--help` and mirrored in the README. */
export const EXIT_CODE_HELP = `
Exit codes:
  0  success, or nothing to do (also: not opted in; offline with --offline=allow)
  1  failure (network, restic, I/O)
  2  usage error, bad config file, or refused request (e.g. enable over an active sync.json)
  3  conflict: the launch should not proceed (resolve it with \`instance-sync resolve\`)
  4  another run holds this instance's lock
  5  authentication failed (wrong id or password)
  6  Minecraft is running on this instance
  130 interrupted (Ctrl+C)`;
