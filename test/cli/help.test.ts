import { describe, expect, it } from 'vitest';
import { commandHelp, mainHelp } from '../../src/cli/help.js';
import { COMMAND_MANUALS } from '../../src/cli/manual/commands.js';
import { flagLabel } from '../../src/cli/manual/flags.js';
import { runCli } from '../helpers/cli.js';

describe('the help', () => {
  it('lists every form of every command, report --dashboard included, and the help and version of perf-gate itself', () => {
    const help = mainHelp();
    for (const manual of COMMAND_MANUALS) {
      for (const form of manual.synopsis) expect(help).toContain(`\n  perf-gate ${form}\n`);
      expect(help).toMatch(new RegExp(`\\n  ${manual.name} +${manual.summary.slice(0, 20).replaceAll('`', '')}`));
    }
    expect(help).toContain('perf-gate report --dashboard FILE');
    expect(help).toContain('\n  perf-gate help [COMMAND]\n  perf-gate --version\n');
  });

  it.each(COMMAND_MANUALS.map((manual) => [manual.name, manual] as const))(
    'of %s is the one its manual renders, with every flag and exit code, in 90 columns',
    async (name, manual) => {
      const shown = await runCli([name, '--help']);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toBe(`${commandHelp(manual)}\n`);
      for (const [flag, definition] of Object.entries(manual.flags))
        expect(shown.stdout).toMatch(new RegExp(`\\n {2,6}${flagLabel(flag, definition)}`));
      for (const { code } of manual.exitCodes) expect(shown.stdout).toMatch(new RegExp(`\\n  ${code} +\\S`));
      // The help is plain text: code marks are for the docs.
      expect(shown.stdout).not.toContain('`');
      for (const line of shown.stdout.split('\n')) {
        // Only a word too long for a line may pass the width: a usage line, a flag's label.
        if (line.length > 90) expect(line.trim(), line).toMatch(/^(Usage: perf-gate |perf-gate |-)/);
      }
    },
  );
});

describe('each command parses the flags its manual lists, and only those', () => {
  it.each(COMMAND_MANUALS.map((manual) => [manual.name, manual] as const))('%s', async (name, manual) => {
    for (const flag of Object.keys(manual.flags).filter((f) => f !== 'help')) {
      // Each flag given alone: a string flag lacks its value, a boolean one leaves out what the
      // command needs. Refused either way, but never as a flag the command does not have.
      const { code, stderr } = await runCli([name, `--${flag}`]);
      expect(code, `${name} --${flag}`).toBe(2);
      expect(stderr, `${name} --${flag}`).not.toContain('unknown option');
    }
    expect((await runCli([name, '--frobnicate'])).stderr).toBe(`perf-gate: unknown option --frobnicate (see "perf-gate ${name} --help")\n`);
  });
});
