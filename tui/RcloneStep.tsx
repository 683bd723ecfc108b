import { Box, Text, useInput } from "ink";
import { Spinner } from "@inkjs/ui";
import { useCallback, useEffect, useMemo, useState } from "react";
import { RCLONE_INSTALL_URL, rcloneUrl } from "../core/config/rclone.ts";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";
import { LineInput } from "./LineInput.tsx";
import { isCancelKey } from "./keys.ts";

/** Where the player's instance syncs: the wizard's server path, or a folder on an rclone remote. */
export type LocationAnswer = { kind: "server" } | { kind: "rclone"; url: string; password: string };

export interface RcloneStepProps {
  /** The remotes of the player's rclone configuration; null when rclone is not installed. */
  listRemotes: () => Promise<string[] | null>;
  /** Null when the folder can be reached and written; else why not. */
  checkFolder: (remote: string, folder: string) => Promise<string | null>;
  onComplete: (answer: LocationAnswer) => void;
  onCancel: () => void;
}

type Step = "kind" | "loading" | "remote" | "folder" | "checking" | "password" | "problem";

const DEFAULT_FOLDER = "instance-sync";
const KINDS: readonly Choice<"server" | "rclone" | "cancel">[] = [
  { value: "server", label: "A sync server", hint: "a rest-server address, or a folder on this computer" },
  {
    value: "rclone",
    label: "A cloud drive through rclone",
    hint: "Google Drive, OneDrive, Dropbox, WebDAV … as set up in rclone (`rclone config`)",
  },
  { value: "cancel", label: "Cancel setup", hint: "nothing is written" },
];

/**
 * The setup wizard's first question, in a component of its own: sync through a server (the wizard's
 * usual steps follow), or through a cloud drive rclone knows. For a drive it lists rclone's remotes, asks
 * for a folder, checks that rclone can write there, and asks for the password that encrypts the worlds.
 * Without rclone it says where to get it.
 */
export function RcloneStep({ listRemotes, checkFolder, onComplete, onCancel }: RcloneStepProps) {
  const [step, setStep] = useState<Step>("kind");
  const [remotes, setRemotes] = useState<string[]>([]);
  const [remote, setRemote] = useState("");
  const [folder, setFolder] = useState(DEFAULT_FOLDER);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (step !== "loading") return;
    let stale = false;
    listRemotes().then((found) => {
      if (stale) return;
      if (found === null) {
        setProblem(`rclone is not installed. Get it from ${RCLONE_INSTALL_URL}, then run setup again.`);
        setStep("problem");
      } else if (found.length === 0) {
        setProblem(
          "rclone knows no remote yet. Add your cloud drive with `rclone config`, then run setup again.",
        );
        setStep("problem");
      } else {
        setRemotes(found);
        setStep("remote");
      }
    }, (e) => {
      if (stale) return;
      setProblem((e as Error).message);
      setStep("problem");
    });
    return () => {
      stale = true;
    };
  }, [step]);

  useEffect(() => {
    if (step !== "checking") return;
    let stale = false;
    checkFolder(remote, folder).catch((e) => (e as Error).message).then((p) => {
      if (stale) return;
      setError(p);
      setStep(p ? "folder" : "password");
    });
    return () => {
      stale = true;
    };
  }, [step]);

  const remoteChoices = useMemo(
    (): Choice<string>[] => [
      ...remotes.map((r) => ({ value: `remote:${r}`, label: r })),
      { value: "back", label: "Back", hint: "choose another kind of location" },
    ],
    [remotes],
  );
  const problemChoices = useMemo((): Choice<string>[] => [
    { value: "back", label: "Back", hint: "choose another kind of location" },
    { value: "cancel", label: "Cancel setup", hint: "nothing is written" },
  ], []);

  const chooseKind = useCallback((v: "server" | "rclone" | "cancel") => {
    if (v === "cancel") onCancel();
    else if (v === "server") onComplete({ kind: "server" });
    else setStep("loading");
  }, [onCancel, onComplete]);
  const chooseRemote = useCallback((v: string) => {
    if (v === "back") return setStep("kind");
    setRemote(v.slice("remote:".length));
    setStep("folder");
  }, []);
  const chooseAfterProblem = useCallback((v: string) => v === "back" ? setStep("kind") : onCancel(), [
    onCancel,
  ]);
  const submitFolder = useCallback((raw: string) => {
    // A leading "/" stays: on an SFTP, SMB or local remote it means the root, not the home folder.
    const value = raw.trim().replace(/(.)\/+$/, "$1");
    if (value === "") return setError("The folder cannot be empty");
    setFolder(value);
    setError(null);
    setStep("checking");
  }, []);
  const submitPassword = useCallback((value: string) => {
    if (value === "") return setError("The password cannot be empty");
    onComplete({ kind: "rclone", url: rcloneUrl(remote, folder), password: value });
  }, [remote, folder, onComplete]);

  useInput((input, key) => {
    if (key.ctrl && input === "c") onCancel();
    else if (isCancelKey(input, key)) {
      setError(null);
      setStep(step === "password" ? "folder" : step === "folder" ? "remote" : "kind");
    }
    // Also while rclone is asked: some input handler must stay active, or Ink stops reading keys.
  }, { isActive: step !== "kind" && step !== "remote" && step !== "problem" });

  return (
    <Box flexDirection="column">
      <Text bold>Set up instance-sync</Text>
      {remote && step !== "remote" && step !== "kind"
        ? <Text dimColor>Cloud drive: {remote} · folder: {folder}</Text>
        : null}
      <Box marginTop={1} flexDirection="column">
        {step === "kind"
          ? (
            <>
              <Text>Where should this instance sync?</Text>
              <ChoiceList choices={KINDS} onChoice={chooseKind} onCancel={onCancel} />
            </>
          )
          : null}
        {step === "loading" ? <Spinner label="Asking rclone for your remotes…" /> : null}
        {step === "remote"
          ? (
            <>
              <Text>Which cloud drive? (the remotes of your rclone configuration)</Text>
              <ChoiceList
                choices={remoteChoices}
                onChoice={chooseRemote}
                onCancel={(how) => how === "escape" ? setStep("kind") : onCancel()}
              />
            </>
          )
          : null}
        {step === "folder" || step === "password"
          ? (
            <>
              <Text>
                {step === "folder" ? `Folder on "${remote}"` : "Password (encrypts your worlds on the drive)"}
              </Text>
              <Text dimColor wrap="wrap">
                {step === "folder"
                  ? "Every computer that syncs this instance uses the same remote and folder."
                  : "Every computer needs the same password; the drive only ever sees encrypted data. " +
                    "It is stored in .cloud-sync/token (mode 600) and never shown."}
              </Text>
              <Box>
                <Box marginRight={1}>
                  <Text color="cyan">❯</Text>
                </Box>
                {step === "folder"
                  ? <LineInput key="folder" defaultValue={folder} onSubmit={submitFolder} />
                  : <LineInput key="password" mask="*" onSubmit={submitPassword} />}
              </Box>
              {error ? <Text color="red" wrap="wrap">{error}</Text> : null}
              <Text dimColor>enter next · esc back · ctrl+c cancel</Text>
            </>
          )
          : null}
        {step === "checking"
          ? <Spinner label={`Checking that rclone can write to ${remote}:${folder}…`} />
          : null}
        {step === "problem"
          ? (
            <>
              <Text color="red" wrap="wrap">✘ {problem}</Text>
              <ChoiceList
                choices={problemChoices}
                onChoice={chooseAfterProblem}
                onCancel={(how) => how === "escape" ? setStep("kind") : onCancel()}
              />
            </>
          )
          : null}
      </Box>
    </Box>
  );
}
