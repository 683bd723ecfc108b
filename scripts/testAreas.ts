/**
 * The test areas behind `deno task test:<area>` (scripts/test-area.ts): each is a set of folders under
 * tests/. Together they hold every test file, which tests/docs/test_areas_test.ts checks, so a new
 * folder of tests cannot fall outside every area.
 */
export const TEST_AREAS = {
  /** The engine, its parsers and the restic driver, against real restic and rest-server. */
  core: ["tests/core/"],
  /** The command line: flags, the quick lane, the terminal window for questions. */
  cli: ["tests/cli/"],
  /** The Ink components and the TUI front end, with fake streams and in tmux. */
  tui: ["tests/tui/"],
  /** Whole runs of the program as a launcher or a player starts it. */
  e2e: ["tests/e2e/"],
  /** Reliability: killed processes, full disks, broken servers, the chaos run and hostile input. */
  faults: ["tests/faults/", "tests/chaos/", "tests/corpus/"],
  /** Secrets never on a command line, in output, logs or events. */
  security: ["tests/security/"],
  /** The compiled binary, completions and the release workflows. */
  release: ["tests/release/"],
  /** The docs against the program, and the import graph against docs/architecture.md. */
  docs: ["tests/docs/", "tests/architecture/"],
} as const;

export type TestArea = keyof typeof TEST_AREAS;

/** The test files `deno test` picks up in a folder tree. */
export async function testFiles(dir: string, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir.replace(/\/$/, "")}/${e.name}`;
    if (e.isDirectory && e.name !== "fixtures") await testFiles(path, out);
    else if (e.isFile && /_test\.tsx?$/.test(e.name)) out.push(path);
  }
  return out.sort();
}
