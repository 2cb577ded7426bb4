// Lighthouse, mobile profile (its default: a mid-range phone, slow 4G, 4× CPU slowdown), on the
// pages residents open most, against the release server run.sh seeded, in Debian's Chromium.
// Part of `make bench`: `E2E_COMMAND="node lighthouse.mjs" end2end/run.sh`. Appends to
// ../target/bench/summary.txt (key=value) and report.txt. Measures; never fails on a score.
//
// The ballot needs a signed-in voter: a demo voter enrols with a virtual passkey in the same
// (persistent) browser profile Lighthouse then opens its tabs in, so they share the session.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import { chromiumArgs, executablePath } from './chromium.mjs';

const base = process.env.BASE_URL ?? 'http://localhost:3000';
const fixtures = JSON.parse(readFileSync(process.env.E2E_FIXTURES ?? '', 'utf8'));
const port = 9300 + Math.floor(Math.random() * 500);
const summary = join('..', 'target', 'bench', 'summary.txt');
const report = join('..', 'target', 'bench', 'report.txt');

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lighthouse-')), {
  executablePath,
  args: [...chromiumArgs, `--remote-debugging-port=${port}`],
  locale: 'zh-CN',
});

// A voter of the open election signs up with a virtual passkey.
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('WebAuthn.enable');
await cdp.send('WebAuthn.addVirtualAuthenticator', {
  options: {
    protocol: 'ctap2',
    transport: 'internal',
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
  },
});
await page.goto(`${base}/join/${fixtures.roles.voter_6}`);
await page.locator('body[data-hydrated="true"]').waitFor();
await page.getByTestId('create-passkey').click();
await page.waitForURL(`${base}/`);
// A notice to open: the first on the board.
await page.goto(`${base}/notices`);
const notice = await page.getByTestId('notices').locator('a[href^="/notices/"]').first().getAttribute('href');
await page.close();

const pages = {
  home: '/',
  notices: '/notices',
  notice,
  results: `/elections/${fixtures.elections.finished}/results`,
  ballot: `/elections/${fixtures.elections.open}/ballot`,
};
const lines = [];
for (const [name, path] of Object.entries(pages)) {
  const { lhr } = await lighthouse(`${base}${path}`, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
  });
  const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
  const figures = {
    [`lighthouse_${name}_perf`]: Math.round((lhr.categories.performance.score ?? 0) * 100),
    [`lighthouse_${name}_a11y`]: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
    [`lighthouse_${name}_lcp_ms`]: Math.round(audit('largest-contentful-paint')),
    [`lighthouse_${name}_tbt_ms`]: Math.round(audit('total-blocking-time')),
    [`lighthouse_${name}_cls`]: Math.round(audit('cumulative-layout-shift') * 1000) / 1000,
  };
  for (const [key, value] of Object.entries(figures)) lines.push(`${key}=${value}`);
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
    .map((a) => a.id);
  console.log(`${name} ${path}: ${JSON.stringify(figures)}${failing.length ? ` below par: ${failing.join(', ')}` : ''}`);
}
await context.close();
appendFileSync(summary, `${lines.join('\n')}\n`);
appendFileSync(report, `\nLighthouse, mobile profile (Debian's Chromium):\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
