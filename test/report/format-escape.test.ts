import { describe, expect, it } from 'vitest';
import { clip, escapeText, mermaidLabel } from '../../src/report/escape.js';
import { formatPointChange, formatRelativeChange, formatShare, formatSigned } from '../../src/report/format.js';

describe('signed formats', () => {
  it('prints changes with their sign, and no sign when they round to zero', () => {
    expect([0.182, -0.031, 0.0004, -0.0004, 0, 2.5].map((c) => formatRelativeChange(c))).toEqual([
      '+18.2 %',
      '-3.1 %',
      '0.0 %',
      '0.0 %',
      '0.0 %',
      '+250.0 %',
    ]);
    expect([0.004, -0.0123, 0].map((c) => formatPointChange(c))).toEqual(['+0.40 pp', '-1.23 pp', '0.00 pp']);
    expect(formatSigned(NaN, 1)).toBe('n/a');
    expect(formatRelativeChange(Infinity)).toBe('n/a');
    expect([0.1, 0.99, 0.999, 0.95].map(formatShare)).toEqual(['10 %', '99 %', '99.9 %', '95 %']);
  });
});

describe('escapeText', () => {
  it('keeps ordinary names readable', () => {
    expect(escapeText('GET /api/search?q=1 v2.0-beta')).toBe('GET /api/search?q=1 v2.0-beta');
  });

  it('neutralises HTML, links, images, mentions, issue references, code and table pipes', () => {
    expect(escapeText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeText('[a](javascript:x) ![i](https://e.vil/x.png)')).toBe('\\[a\\]\\(javascript:x\\) \\!\\[i\\]\\(https:\u200b//e.vil/x.png\\)');
    expect(escapeText('@org/team cc @bob, mail a@b.io')).toBe('@\u200borg/team cc @\u200bbob, mail a@\u200bb.io');
    expect(escapeText('fixes #12, see www.x.dev')).toBe('fixes \\#\u200b12, see www\u200b.x.dev');
    expect(escapeText('`code` *em* _u_ ~~s~~ $x$ a|b c\\d')).toBe('\\`code\\` \\*em\\* \\_u\\_ \\~\\~s\\~\\~ \\$x\\$ a\\|b c\\\\d');
    expect(escapeText('a\nb\r\nc\u202edir\u0000')).toBe('a b c dir');
    expect(escapeText('&amp; &#64;')).toBe('&amp;amp; &amp;\\#\u200b64;');
  });

  it('escapes block markers only at the start of a line', () => {
    expect(escapeText('1. one', { lineStart: true })).toBe('1\\. one');
    expect(escapeText('- two', { lineStart: true })).toBe('\\- two');
    expect(escapeText('1. one')).toBe('1. one');
  });
});

describe('mermaidLabel', () => {
  it('keeps letters, digits and a few marks, and cuts long labels', () => {
    expect(mermaidLabel('search "fast" %%{init}%% `x`')).toBe('"search _fast_ ___init__…"');
    expect(mermaidLabel('suche/über-größe 2.0')).toBe('"suche/über-größe 2.0"');
    expect(mermaidLabel('a'.repeat(30), 10)).toBe('"aaaaaaaaa…"');
  });
});

describe('clip', () => {
  it('cuts to a length in UTF-16 units without splitting a surrogate pair', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('🔥🔥🔥🔥', 6)).toBe('🔥🔥…');
    expect(clip('🔥🔥🔥🔥', 6).length).toBeLessThanOrEqual(6);
  });
});
