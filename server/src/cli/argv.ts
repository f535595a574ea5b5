// Reading command-line options the way every cascade-lint command does: `--name value`,
// `--name=value`, short flags with a separate value, and a usage error when a value is missing.

export interface ArgCursor {
  /** The option name without an inline value (`--format` for `--format=json`). */
  name: string;
  /** The original argument. */
  raw: string;
  /** The option's value: the inline one, else the next argument (consumed). */
  value(): string;
}

/** Walks `argv`, handing each argument to `visit` with a cursor that can take its value. */
export function eachArg(argv: readonly string[], missingValue: (option: string) => Error, visit: (arg: ArgCursor) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    visit({
      name,
      raw,
      value: () => {
        if (inline !== undefined) return inline;
        const v = argv[i + 1];
        if (v === undefined) throw missingValue(name);
        i++;
        return v;
      },
    });
  }
}
