// What every page must be, whoever visits it (issue 16, items 8, 14, 15 and 17): no sideways
// scroll on a 360-px phone, no serious or critical accessibility violation (axe-core), no
// Content-Security-Policy violation or script error in the console, and no raw code or bare
// record id where a resident expects words.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/// Console trouble seen on each page since `watch`: CSP violations and uncaught errors.
const trouble = new WeakMap<Page, string[]>();

/// Starts recording `page`'s CSP violations and script errors. Call before the first `goto`.
export function watch(page: Page): Page {
  const seen: string[] = [];
  trouble.set(page, seen);
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(text)) {
      seen.push(`${page.url()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => seen.push(`${page.url()}: ${error.message}`));
  return page;
}

/// Codes and references of the app's own making that must never reach a page as they are.
const RAW = [
  // A record key: 32 hex digits, or a hyphenated UUID; inside a printed address (a notice's
  // link for those who type it) it is part of the address.
  /(?<![0-9a-f/])[0-9a-f]{32}(?![0-9a-f])/,
  /(?<![0-9a-f/])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
  // snake_case codes: box states, roles, refusals, rules' fields.
  /\b[a-z]+(?:_[a-z0-9]+)+\b/,
  // Dotted audit actions and "name:mark" board cells, "runoff:<key>" rounds.
  /\b(?:invitation|passkey|person|role|roles|election|notice|rules|community|session|register)\.[a-z_]+\b/,
  /:(?:for|against|abstain)\b/,
  /\b(?:runoff|tie_break|regular):/,
];

/// Checks the page as it is now. `what` names it in failures.
export async function checkPage(page: Page, what: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect.soft(width, `${what}: scroll width at 360 px`).toBeLessThanOrEqual(360);

  const text = await page.evaluate(() => document.body.innerText);
  for (const pattern of RAW) {
    const found = text.match(pattern);
    expect.soft(found?.[0], `${what}: raw code on the page (${pattern})`).toBeUndefined();
  }

  // Primary actions are at least 44 px tall, a thumb's width (issue 16, item 16).
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, .button, input[type="submit"], .bottom-nav a, .actions a, .abilities a')]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && box.height < 44)
      .map(({ element, box }) => `${(element.textContent ?? '').trim().slice(0, 20)} (${Math.round(box.height)} px)`),
  );
  expect.soft(small, `${what}: tap targets under 44 px`).toEqual([]);

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(serious, `${what}: accessibility`).toEqual([]);

  const seen = trouble.get(page) ?? [];
  expect.soft([...seen], `${what}: console`).toEqual([]);
  seen.length = 0;
}

/// Waits until the page is usable: loaded and, where it has islands, hydrated.
export async function settled(page: Page) {
  await page.waitForLoadState('load');
  await page.waitForFunction(
    () =>
      document.body.dataset.hydrated === 'true' || !document.querySelector('leptos-island'),
    null,
    { timeout: 20_000 },
  );
}
