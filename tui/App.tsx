import { Box, Static, Text } from "ink";
import { useSyncExternalStore } from "react";
import { ConfirmPrompt } from "./ConfirmPrompt.tsx";
import { ConflictDialog } from "./ConflictDialog.tsx";
import { NARROW_COLUMNS, ProgressView } from "./ProgressView.tsx";
import { SetupWizard } from "./SetupWizard.tsx";
import type { PromptState, ViewStore } from "./store.ts";

function Prompt(props: { prompt: PromptState }) {
  const p = props.prompt;
  switch (p.kind) {
    case "conflict":
      return <ConflictDialog description={p.description} onChoice={p.answer} />;
    case "confirm":
      return (
        <ConfirmPrompt
          question={p.question}
          detail={p.detail}
          yesLabel={p.yesLabel}
          noLabel={p.noLabel}
          defaultYes={p.defaultYes}
          onChoice={p.answer}
        />
      );
    case "login":
      return <SetupWizard url={p.url} id={p.userId} onComplete={p.answer} onCancel={() => p.answer(null)} />;
  }
}

/**
 * The one Ink app of a TUI run: messages printed once on top, then either the question being asked
 * or the live progress. Prompts are keyed by id, so each question mounts fresh and unmounts when answered.
 */
export function App(props: { store: ViewStore }) {
  const s = useSyncExternalStore(props.store.subscribe, props.store.get);
  const showProgress = !s.prompt &&
    (s.title !== undefined || s.event !== undefined || s.summary !== undefined);
  return (
    <>
      <Static items={s.logs}>
        {(l) => <Text key={l.id} color={l.tone === "warn" ? "magenta" : undefined}>{l.text}</Text>}
      </Static>
      <Box flexDirection="column">
        {s.prompt ? <Prompt key={s.prompt.id} prompt={s.prompt} /> : null}
        {showProgress
          ? (
            <ProgressView
              title={s.title}
              event={s.event}
              summary={s.summary}
              columns={s.plain ? NARROW_COLUMNS - 1 : undefined}
            />
          )
          : null}
      </Box>
    </>
  );
}
