import { afterEach, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { InputError } from '../../src/errors.js';
import { parseServiceSources } from '../../src/pipeline/service-sources.js';

describe('the service sources a front door is given', () => {
  it('parses a process, the base\u2019s process and the base\u2019s endpoint', () => {
    expect(
      parseServiceSources(
        {
          pid: ['4242', '--service-pid'],
          basePid: ['77', '--baseline-service-pid'],
          baseMetrics: ['http://127.0.0.1:9464/metrics', '--baseline-metrics'],
        },
        true,
        '--baseline-url',
      ),
    ).toEqual({
      pid: 4242,
      basePid: 77,
      baseMetrics: new URL('http://127.0.0.1:9464/metrics'),
    });
    expect(parseServiceSources({}, false, '--baseline-url')).toBeUndefined();
  });

  it.each([
    [{ pid: ['42x', '--service-pid'] }, true, '--service-pid: expected a process id such as 4242, found "42x"'],
    [{ pid: ['0', 'input service-pid'] }, true, 'input service-pid: expected a process id such as 4242, found "0"'],
    [
      { basePid: ['7', '--baseline-service-pid'], baseMetrics: ['http://h/metrics', '--baseline-metrics'] },
      false,
      '--baseline-service-pid and --baseline-metrics read the base deployment: give --baseline-url with them',
    ],
    [{ baseMetrics: ['ftp://h/metrics', '--baseline-metrics'] }, true, '--baseline-metrics: '],
  ] as const)('refuses %j with a message naming the flag or input', (texts, ab, message) => {
    let error: unknown;
    try {
      parseServiceSources(texts as Parameters<typeof parseServiceSources>[0], ab, '--baseline-url');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });
});

describe('the action\u2019s service inputs', () => {
  const names = ['INPUT_SERVICE-PID', 'INPUT_BASELINE-SERVICE-PID', 'INPUT_BASELINE-METRICS', 'INPUT_BASELINE-URL'];
  afterEach(() => {
    for (const name of names) delete process.env[name];
  });

  it('reads them, and names the input of a bad one', () => {
    process.env['INPUT_SERVICE-PID'] = '1234';
    process.env['INPUT_BASELINE-URL'] = 'http://127.0.0.1:8081';
    process.env['INPUT_BASELINE-METRICS'] = 'http://127.0.0.1:9464/metrics';
    expect(readInputs().service).toEqual({ pid: 1234, baseMetrics: new URL('http://127.0.0.1:9464/metrics') });
    delete process.env['INPUT_BASELINE-URL'];
    expect(() => readInputs()).toThrow('input baseline-metrics read the base deployment: give input baseline-url with them');
  });
});
