// Every page, as each kind of visitor reaches it, in both languages and both text sizes, passes
// the checks every page must pass (see checks.ts): a visitor without an account, a voter of the
// open election, and an officer. Pages a visitor may not use must still answer with a heading
// and words, never a bare error.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { checkPage, settled, watch } from './checks';
import { enrol, enrolRegistered, fixtures, officerCode, test, virtualAuthenticator } from './fixtures';

const open = `/elections/${fixtures.elections.open}`;
const finished = `/elections/${fixtures.elections.finished}`;
const openRound = `/evaluations/${fixtures.evaluations.open}`;
const closedRound = `/evaluations/${fixtures.evaluations.closed}`;

/// Pages anybody can open, whether signed in or not.
const PUBLIC = [
  '/',
  '/notices',
  '/elections',
  open,
  `${open}/ballot`,
  `${open}/roll`,
  `${open}/board`,
  `${open}/results`,
  finished,
  `${finished}/roll`,
  `${finished}/results`,
  `${finished}/board`,
  `${finished}/protocol`,
  '/deliberations',
  '/evaluations',
  openRound,
  `${openRound}/results`,
  closedRound,
  `${closedRound}/results`,
  `/join/${fixtures.expired}`,
  '/join/NOSUCHCODE',
  '/no-such-page',
];

/// A voter of the open election, signed in, and the pages meant for others.
const VOTER = [
  '/',
  '/me',
  open,
  `${open}/ballot`,
  '/notices/new',
  '/staff',
  `${open}/office`,
  openRound,
  `${openRound}/rate`,
  '/evaluations/new',
];

/// An officer's desk and staff pages.
const OFFICER = [
  '/',
  '/me',
  '/staff',
  '/staff/people',
  '/staff/import',
  '/staff/rules',
  '/staff/sheet',
  '/staff/audit',
  '/notices/new',
  '/elections/new',
  `${open}/office`,
  `${open}/station`,
  `${open}/count`,
  `${finished}/office`,
  `${finished}/count`,
  '/evaluations/new',
  openRound,
];

const LANGUAGES = ['zh-CN', 'en'] as const;
const SIZES = ['normal', 'large'] as const;

async function setPrefs(context: BrowserContext, language: string, size: string) {
  const url = process.env.BASE_URL ?? 'http://localhost:3000';
  await context.addCookies([
    { name: 'gs_lang', value: language, url },
    { name: 'gs_text', value: size, url },
  ]);
}

/// Visits each page in every language and text size and checks it.
async function visitAll(page: Page, who: string, pages: string[]) {
  for (const language of LANGUAGES) {
    for (const size of SIZES) {
      await setPrefs(page.context(), language, size);
      for (const path of pages) {
        await page.goto(path);
        await settled(page);
        const what = `${who} ${path} (${language}, ${size} text)`;
        await expect(page.locator('html'), what).toHaveAttribute('lang', language);
        await expect.soft(page.getByRole('heading', { level: 1 }).first(), what).toBeVisible({ timeout: 1_000 });
        await checkPage(page, what);
      }
    }
  }
}

async function phone(browser: Browser): Promise<Page> {
  const page = watch(await (await browser.newContext()).newPage());
  await virtualAuthenticator(page);
  return page;
}

/// The first link on `path` whose address matches `pattern`.
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    if (pattern.test(href)) return href;
  }
  throw new Error(`no link matching ${pattern} on ${path}`);
}

test('every public page, signed out', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await phone(browser);
  const notice = await firstLink(page, '/notices', /^\/notices\/[0-9a-f]{32}$/);
  await visitAll(page, 'visitor', [...PUBLIC, notice, `${notice}/print`, '/me']);
});

test("every page a voter meets, and those they may not use", async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await phone(browser);
  await enrolRegistered(page, officerCode('voter_5'));
  await visitAll(page, 'voter', VOTER);
});

test("every page of an officer's work", async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await phone(browser);
  await enrol(page, fixtures.crawler, '巡查员');
  const person = await firstLink(page, '/staff/people', /^\/staff\/people\/[0-9a-f-]{32,36}$/);
  await visitAll(page, 'officer', [...OFFICER, person]);
});
