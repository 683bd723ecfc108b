import { Box, Text, useInput } from "ink";
import { Spinner } from "@inkjs/ui";
import { useCallback, useEffect, useState } from "react";
import type { Credentials } from "../core/ui.ts";
import { urlProblem } from "../core/config/url.ts";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";
import { LineInput } from "./LineInput.tsx";
import { type CancelKey, isCancelKey } from "./keys.ts";
import { glyphs } from "./glyphs.ts";

/** The default sync server of the project. */
export const DEFAULT_URL = "https://cloud.tm.center";

/** What a connection check found: success, refused credentials, no server, or something else. */
export type CheckResult = "ok" | "auth" | "offline" | { error: string };

export interface SetupWizardProps {
  /** Prefilled server url (default `DEFAULT_URL`) and Discord id. */
  url?: string;
  id?: string;
  /** Tries the credentials; without it the wizard completes right after the password. */
  check?: (credentials: Credentials) => Promise<CheckResult>;
  onComplete: (credentials: Credentials) => void;
  /** Escape on the first step, Ctrl+C anywhere, or "Cancel setup". */
  onCancel: () => void;
}

type Step = "url" | "id" | "password" | "checking" | "failed" | "done";
type Next = "retry" | "id" | "url" | "cancel";

const STEP_TITLES = { url: "Server", id: "Discord id", password: "Password" } as const;
const FIELD_NAMES = { url: "server url", id: "Discord id", password: "password" } as const;
const HELP: Record<"url" | "id" | "password", string> = {
  url: "The sync server (or a folder for a local repository). Enter keeps the default.",
  id: "Your Discord id, as it was given to you with your password.",
  password: "Your sync password. It is stored in .cloud-sync/token (mode 600) and never shown.",
};
const FAILED_CHOICES: readonly Choice<Next>[] = [
  { value: "retry", label: "Try again" },
  { value: "id", label: "Re-enter the Discord id and password" },
  { value: "url", label: "Change the server url" },
  { value: "cancel", label: "Cancel setup" },
];

function validate(step: "url" | "id" | "password", value: string): string | null {
  if (value === "") return `The ${FIELD_NAMES[step]} cannot be empty`;
  if (step === "id" && /[\s/:]/.test(value)) return 'The Discord id cannot contain spaces, "/" or ":"';
  if (step === "url") return urlProblem(value); // what init would refuse, said before anything is written
  return null;
}

/** Explains a failed check in words a player can act on (the password is never part of it). */
export function describeFailure(result: Exclude<CheckResult, "ok">, url: string): string {
  if (result === "auth") return "The server refused this Discord id and password.";
  if (result === "offline") return `Cannot reach "${url}". Check the address and your internet connection.`;
  return `The connection check failed: ${result.error}`;
}

/** `setup` as a wizard: server url, Discord id, masked password, then a connection check. */
export function SetupWizard(props: SetupWizardProps) {
  const { check, onComplete, onCancel } = props;
  const [step, setStep] = useState<Step>("url");
  const [values, setValues] = useState({ url: props.url ?? DEFAULT_URL, id: props.id ?? "", password: "" });
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<Exclude<CheckResult, "ok"> | null>(null);
  const [attempt, setAttempt] = useState(0);

  const submit = useCallback((field: "url" | "id" | "password", raw: string) => {
    const value = field === "password" ? raw : raw.trim();
    const problem = validate(field, value);
    setError(problem);
    if (problem) return;
    const next = { ...values, [field]: value };
    setValues(next);
    if (field === "url") setStep("id");
    else if (field === "id") setStep("password");
    else if (check) {
      setStep("checking");
      setAttempt((a) => a + 1);
    } else onComplete(next);
  }, [values, check, onComplete]);

  useEffect(() => {
    if (step !== "checking" || !check) return;
    let stale = false;
    check(values).catch((e): CheckResult => ({ error: (e as Error).message })).then((r) => {
      if (stale) return;
      if (r === "ok") setStep("done"); // onComplete once "done" is on screen (the effect below)
      else {
        setFailure(r);
        setStep("failed");
      }
    });
    return () => {
      stale = true;
    };
    // Keyed on the attempt, not on `values`/`check`: "Try again" bumps it to run the check once more.
  }, [step, attempt]);

  // Completing unmounts the wizard: wait until the result has replaced the spinner on screen, or
  // the spinner's last frame would stay in the terminal above whatever is printed next.
  useEffect(() => {
    if (step !== "done") return;
    const timer = setTimeout(() => onComplete(values), 0);
    return () => clearTimeout(timer);
  }, [step]);

  const back = useCallback(() => {
    setError(null);
    if (step === "url") onCancel();
    else if (step === "id") setStep("url");
    else setStep(step === "password" ? "id" : "password");
  }, [step, onCancel]);

  useInput((input, key) => {
    if (key.ctrl && input === "c") onCancel();
    else if (isCancelKey(input, key)) back();
  }, { isActive: step !== "failed" && step !== "done" });

  const onNext = useCallback((next: Next) => {
    if (next === "cancel") return onCancel();
    if (next === "retry") setAttempt((a) => a + 1);
    setStep(next === "retry" ? "checking" : next);
  }, [onCancel]);

  const onFailedCancel = useCallback((how: CancelKey) => (how === "escape" ? back() : onCancel()), [
    back,
    onCancel,
  ]);

  const field = step === "url" || step === "id" || step === "password" ? step : null;
  return (
    <Box flexDirection="column">
      <Text bold>Set up instance-sync</Text>
      {step !== "url"
        ? (
          <Text dimColor>
            Server: {values.url}
            {values.id && step !== "id" ? `  ·  id: ${values.id}` : ""}
          </Text>
        )
        : null}
      <Box marginTop={1} flexDirection="column">
        {field
          ? (
            <>
              <Text>
                <Text color="cyan">Step {["url", "id", "password"].indexOf(field) + 1} of 3</Text> ·{" "}
                {STEP_TITLES[field]}
              </Text>
              <Text dimColor wrap="wrap">{HELP[field]}</Text>
              <Box>
                <Box marginRight={1}>
                  <Text color="cyan">{glyphs().pointer}</Text>
                </Box>
                {field === "password"
                  ? <LineInput key="password" mask="*" onSubmit={(v) => submit("password", v)} />
                  : <LineInput key={field} defaultValue={values[field]} onSubmit={(v) => submit(field, v)} />}
              </Box>
              {error ? <Text color="red">{error}</Text> : null}
              <Text dimColor>
                enter next{field === "password" ? "" : " · ctrl+u clear"} · esc back
                {field === "url" ? " (cancels setup)" : ""} · ctrl+c cancel
              </Text>
            </>
          )
          : null}
        {step === "checking" ? <Spinner label={`Checking the connection to ${values.url}…`} /> : null}
        {step === "done"
          ? <Text color="green">{glyphs().ok} Connected to {values.url} as {values.id}</Text>
          : null}
        {step === "failed" && failure
          ? (
            <>
              <Text color="red" wrap="wrap">✘ {describeFailure(failure, values.url)}</Text>
              <Box marginTop={1}>
                <ChoiceList
                  key={attempt}
                  choices={FAILED_CHOICES}
                  initial={failure === "auth" ? 1 : 0}
                  onChoice={onNext}
                  onCancel={onFailedCancel}
                />
              </Box>
            </>
          )
          : null}
      </Box>
    </Box>
  );
}
