/**
 * A command's flag, defined once: what node's parser needs (type, short, default) and what the
 * command's --help and docs/cli.md say of it (its value's name, its description, what applies
 * when it is not given). Descriptions may mark code with backticks: docs/cli.md keeps them, the
 * terminal help drops them.
 */
export type Flag =
  | { readonly type: 'boolean'; readonly short?: string; readonly description: string; readonly otherwise?: string }
  | {
      readonly type: 'string';
      readonly short?: string;
      /** What the value is, as the synopsis names it: FILE, URL, N. */
      readonly value: string;
      /** Filled in by the parser when the flag is not given. */
      readonly default?: string;
      readonly description: string;
      /** What applies when the flag is not given, where the parser fills in nothing. */
      readonly otherwise?: string;
    };

export type Flags = Readonly<Record<string, Flag>>;

const HELP_FLAG = { type: 'boolean', short: 'h', description: 'show this help' } as const satisfies Flag;

/** A command's flags: its own, then the -h, --help every command takes, last as its help lists it. */
export function commandFlags<const F extends Flags>(flags: F): F & { readonly help: typeof HELP_FLAG } {
  return { ...flags, help: HELP_FLAG };
}

/** How a flag is written: `-c, --config FILE`, `--json`. */
export function flagLabel(name: string, flag: Flag): string {
  const long = flag.type === 'string' ? `--${name} ${flag.value}` : `--${name}`;
  return flag.short === undefined ? long : `-${flag.short}, ${long}`;
}

/** What applies when the flag is not given, if anything is said of it. */
export function flagDefault(flag: Flag): string | undefined {
  return flag.type === 'string' && flag.default !== undefined ? `\`${flag.default}\`` : flag.otherwise;
}
