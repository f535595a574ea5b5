// Option reading shared by the subcommands: `--name value` and `--name=value`, usage errors.
import { UsageError } from './usage-error';

/** Splits `--name=value` and reads option values, the way the lint command does. */
export function optionReader(argv: string[]): { next(): { flag: string; value(): string; raw: string } | undefined } {
  let i = 0;
  return {
    next() {
      if (i >= argv.length) return undefined;
      const raw = argv[i++];
      let flag = raw;
      let inline: string | undefined;
      const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
      if (eq > 0) {
        flag = raw.slice(0, eq);
        inline = raw.slice(eq + 1);
      }
      return {
        flag,
        raw,
        value: () => {
          if (inline !== undefined) return inline;
          const v = argv[i++];
          if (v === undefined) throw new UsageError(`Option "${flag}" needs a value.`);
          return v;
        },
      };
    },
  };
}

export function parseSteps(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--max-steps needs a positive whole number, not "${v}".`);
  return Number(v);
}
