import puppeteer, { type Browser } from 'puppeteer-core';
import { inject } from 'vitest';

/**
 * Headless Chromium for the tests that look at pages as a person does: the binary that
 * test/browser-setup.ts found (the one @sparticuz/chromium ships, or PERF_GATE_CHROMIUM's).
 * LANG names a real locale: under C.UTF-8 this Chromium reports the language tag "en-US@posix",
 * which Intl rejects, and the report's page fails before it draws (`Invalid language tag`).
 */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: inject('chromium'),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, LANG: 'en_US.UTF-8' },
  });
}
