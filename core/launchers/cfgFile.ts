/**
 * An `instance.cfg`, `prismlauncher.cfg` or `multimc.cfg` as lines: reads keys the way the launcher
 * does and changes a few keys while every other line (keys, sections, comments, line endings) stays
 * byte-for-byte as it was. The format is the file's own: Qt INI when a `ConfigVersion` key is present
 * (Prism), else the older format (MultiMC, and Prism files it has not rewritten yet).
 */
import { escapeQtValue, parseQtValue } from "./qtIni.ts";
import { escapeOldValue, type OldFormatReader, parseOldLine } from "./oldIni.ts";

export type CfgFormat = "qt" | "old";

interface Line {
  raw: string;
  /** Set on `key=value` lines the launcher reads (Qt: in `[General]` or before any section). */
  key?: string;
  value?: string;
}

export class CfgFile {
  readonly format: CfgFormat;
  readonly #lines: Line[];
  readonly #eol: string;
  readonly #reader: OldFormatReader;
  readonly #endsWithNewline: boolean;

  private constructor(lines: Line[], format: CfgFormat, eol: string, reader: OldFormatReader, end: boolean) {
    this.#lines = lines;
    this.format = format;
    this.#eol = eol;
    this.#reader = reader;
    this.#endsWithNewline = end;
  }

  /** Parses `text`; `reader` is the launcher that reads the file (it matters for the older format). */
  static parse(text: string, reader: OldFormatReader): CfgFile {
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const endsWithNewline = text === "" || text.endsWith("\n");
    const raws = text.split("\n");
    if (endsWithNewline) raws.pop();
    const bare = raws.map((r) => r.endsWith("\r") ? r.slice(0, -1) : r);
    const qt = bare.some((l) => /^\s*ConfigVersion\s*=/.test(l));
    let section = "general";
    const lines = raws.map((raw, i): Line => {
      const line = bare[i];
      if (!qt) {
        const kv = parseOldLine(line, reader);
        return kv ? { raw, key: kv[0], value: kv[1] } : { raw };
      }
      const header = /^\s*\[(.*)\]\s*$/.exec(line);
      if (header) {
        section = header[1].trim().toLowerCase();
        return { raw };
      }
      const trimmed = line.trimStart();
      if (section !== "general" || trimmed.startsWith(";") || trimmed.startsWith("#")) return { raw };
      const eq = line.indexOf("=");
      if (eq === -1) return { raw };
      return { raw, key: line.slice(0, eq).trim(), value: parseQtValue(line.slice(eq + 1)) };
    });
    return new CfgFile(lines, qt ? "qt" : "old", eol, reader, endsWithNewline);
  }

  /** The value the launcher reads for `key` (the last line that sets it wins), or undefined. */
  get(key: string): string | undefined {
    for (let i = this.#lines.length - 1; i >= 0; i--) {
      if (this.#lines[i].key === key) return this.#lines[i].value;
    }
    return undefined;
  }

  /** The first of `keys` (a key and its older aliases) that the file sets. */
  getAny(keys: readonly string[]): string | undefined {
    for (const key of keys) {
      const value = this.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /**
   * The file's text with `changes` applied: a key's existing lines get the new value (the text before
   * `=` kept as it was), a missing key is added at the end of the root section (Qt) or of the file.
   */
  with(changes: Record<string, string>): string {
    const lines = this.#lines.map((l) => l.raw);
    const added: string[] = [];
    for (const [key, value] of Object.entries(changes)) {
      const text = this.format === "qt" ? escapeQtValue(value) : escapeOldValue(value, this.#reader);
      let found = false;
      this.#lines.forEach((line, i) => {
        if (line.key !== key) return;
        found = true;
        const cr = line.raw.endsWith("\r") ? "\r" : "";
        lines[i] = line.raw.slice(0, line.raw.indexOf("=") + 1) + text + cr;
      });
      if (!found) added.push(`${key}=${text}`);
    }
    if (added.length > 0) {
      const cr = this.#eol === "\r\n" ? "\r" : "";
      lines.splice(this.#insertAt(), 0, ...added.map((l) => l + cr));
    }
    const text = lines.join("\n");
    return this.#endsWithNewline || added.length > 0 && this.#insertAt() === this.#lines.length
      ? text + (lines.length ? "\n" : "")
      : text;
  }

  /** Where new keys go: after the last line of the root/[General] section (Qt), else at the end. */
  #insertAt(): number {
    if (this.format === "old") return this.#lines.length;
    let lastGeneral = -1;
    let section = "general";
    this.#lines.forEach((line, i) => {
      const header = /^\s*\[(.*)\]\s*$/.exec(line.raw.replace(/\r$/, ""));
      if (header) section = header[1].trim().toLowerCase();
      if (section === "general" && (line.key !== undefined || header)) lastGeneral = i;
    });
    return lastGeneral + 1;
  }
}
