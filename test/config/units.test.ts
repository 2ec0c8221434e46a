import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parsePercentage, parseRate } from '../../src/config/units.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1.1s', 1100],
    ['0s', 0],
    ['1m', 60_000],
    ['0.5ms', 0.5],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['5', '', '2 s', '2S', '1h', '-1s', '.5s', '1e3ms', 's'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
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

describe('parseRate', () => {
  it.each([
    ['200', 200],
    ['200/s', 200],
    ['12000/m', 200],
    ['0.5/s', 0.5],
  ])('reads %s as %d req/s', (text, rate) => {
    expect(parseRate(text)).toBe(rate);
  });

  it.each(['0', '0/s', '-5/s', '200/h', '200 /s', 'fast', ''])('refuses %j', (text) => {
    expect(parseRate(text)).toBeUndefined();
  });
});

describe('parsePercentage', () => {
  it.each([
    ['1%', 0.01],
    ['0.5%', 0.005],
    ['0%', 0],
    ['100%', 1],
  ])('reads %s as %d', (text, fraction) => {
    expect(parsePercentage(text)).toBe(fraction);
  });

  it.each(['0.01', '1', '101%', '-1%', '1 %', '%'])('refuses %j', (text) => {
    expect(parsePercentage(text)).toBeUndefined();
  });

  it('reads above 100% up to a given maximum (a relative change)', () => {
    expect(parsePercentage('250%', 10)).toBe(2.5);
    expect(parsePercentage('1000%', 10)).toBe(10);
    expect(parsePercentage('1001%', 10)).toBeUndefined();
  });
});
