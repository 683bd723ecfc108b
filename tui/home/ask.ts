import { createElement } from "react";
import { askOnce, type TuiStreams } from "../ink.ts";
import { ConfirmPrompt, type ConfirmPromptProps } from "../ConfirmPrompt.tsx";

/**
 * One yes/no question on its own (the home screen's and setup's follow-up questions); false for
 * Escape or Ctrl+C. The question is cleared once answered.
 */
export async function askYesNo(
  question: Omit<ConfirmPromptProps, "onChoice">,
  streams?: TuiStreams,
): Promise<boolean> {
  const answer = await askOnce<boolean>(
    (settle) => createElement(ConfirmPrompt, { ...question, onChoice: (yes: boolean) => settle(yes) }),
    streams,
    { clear: true },
  );
  return answer === true;
}
