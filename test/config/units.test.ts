import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parsePercentage, parseRate } from '../../src/config/units.js';

// Each parser: the texts it reads, as what, and the texts it refuses.
const PARSERS = [
  {
    parser: parseDuration,
    unit: ' ms',
    reads: { '500ms': 500, '2s': 2000, '1.5s': 1500, '1.1s': 1100, '0s': 0, '1m': 60_000, '0.5ms': 0.5 },
    refuses: ['5', '', '2 s', '2S', '1h', '-1s', '.5s', '1e3ms', 's'],
  },
  {
    parser: parseRate,
    unit: ' req/s',
    reads: { '200': 200, '200/s': 200, '12000/m': 200, '0.5/s': 0.5 },
    refuses: ['0', '0/s', '-5/s', '200/h', '200 /s', 'fast', ''],
  },
  {
    parser: parsePercentage,
    unit: '',
    reads: { '1%': 0.01, '0.5%': 0.005, '0%': 0, '100%': 1 },
    refuses: ['0.01', '1', '101%', '-1%', '1 %', '%'],
  },
];

describe.each(PARSERS.map((table) => [table.parser.name, table] as const))('%s', (_name, { parser, unit, reads, refuses }) => {
  it.each(Object.entries(reads))(`reads %s as %d${unit}`, (text, value) => {
    expect(parser(text)).toBe(value);
  });

  it.each(refuses)('refuses %j', (text) => {
    expect(parser(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [1500, '1.5s'],
    [250, '250ms'],
    [60_000, '1m'],
    [180_000, '3m'],
    [90_000, '90s'],
    [0, '0ms'],
    [312.456, '312ms'],
    [1.234, '1.23ms'],
    [999.7, '1s'],
    [12_345, '12.3s'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes what parseDuration reads back', () => {
    for (const ms of [0, 1, 250, 1500, 2000, 59_000, 60_000, 90_000, 600_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('parsePercentage', () => {
  it('reads above 100% up to a given maximum (a relative change)', () => {
    expect(parsePercentage('250%', 10)).toBe(2.5);
    expect(parsePercentage('1000%', 10)).toBe(10);
    expect(parsePercentage('1001%', 10)).toBeUndefined();
  });
});
