// What run.sh seeded before the server started: a community and single-use invitation codes.
import { readFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';

/// Every test of the suite: fails on any browser console error or uncaught page error
/// (hydration mismatches included) in any page it opens, its own contexts included. The
/// browser's note that a response had an error status is not a script error: a refused form
/// answers 422, a missing page 404.
export const test = base.extend<{ cleanConsole: void }>({
  cleanConsole: [
    async ({ browser, context }, use) => {
      const problems: string[] = [];
      const listen = (watched: BrowserContext) => {
        watched.on('console', (message) => {
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            problems.push(`${message.page()?.url() ?? ''}: ${message.text()}`);
          }
        });
        watched.on('weberror', (error) => problems.push(`${error.page()?.url() ?? ''}: ${error.error().message}`));
      };
      listen(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const created = await newContext(options);
        listen(created);
        return created;
      };
      await use();
      browser.newContext = newContext;
      expect(problems, 'browser console errors and page errors').toEqual([]);
    },
    { auto: true },
  ],
});

interface Fixtures {
  community: string;
  codes: string[];
  /// Single-use invitations for new station chiefs, one per staff test.
  staff: string[];
  /// An invitation that expired as it was issued.
  expired: string;
  /// A new officer holding every staff role, who walks over every page.
  crawler: string;
  /// An officer with every staff role, for the forms posted without JavaScript.
  forms: string;
  /// A second member of the supervisory committee (evaluation.spec.ts: two officers count).
  evaluator: string;
  /// The demo's invitation code for each role's officer, by role code, and for its voters
  /// (`voter_1` … `voter_6`).
  roles: Record<string, string>;
  /// The demo's elections: one whose polls are open, one finished and published.
  elections: { open: string; finished: string };
  /// The demo's evaluation rounds: the open one, and this year's closed one.
  evaluations: { open: string; closed: string };
}

export const fixtures: Fixtures = JSON.parse(
  readFileSync(process.env.E2E_FIXTURES ?? 'fixtures.json', 'utf8'),
);

/// Each test that enrols takes its own code (tests run in parallel, codes are single use).
export function invitationCode(index: number): string {
  const code = fixtures.codes[index];
  if (!code) throw new Error(`run.sh seeded no invitation number ${index}`);
  return code;
}

export function staffCode(index: number): string {
  const code = fixtures.staff[index];
  if (!code) throw new Error(`run.sh seeded no staff invitation number ${index}`);
  return code;
}

export function officerCode(role: string): string {
  const code = fixtures.roles[role];
  if (!code) throw new Error(`the demo printed no invitation for ${role}`);
  return code;
}

/// Waits until the page's islands run (`app::hydrate` marks the body); a page without islands
/// is ready once loaded.
/// Pages of contexts that run no JavaScript (`withoutScript`): nothing hydrates there.
const scriptless = new WeakSet<Page>();

/// The same signed-in person on a phone whose browser runs no JavaScript: a new context
/// carrying `page`'s cookies (enrolling needs WebAuthn, so it happens with JavaScript first).
export async function withoutScript(page: Page): Promise<Page> {
  const context = await page
    .context()
    .browser()!
    .newContext({
      viewport: page.viewportSize() ?? { width: 360, height: 740 },
      locale: 'zh-CN',
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
    });
  const plain = await context.newPage();
  scriptless.add(plain);
  return plain;
}

export async function hydrated(page: Page) {
  await page.waitForLoadState('load');
  if (scriptless.has(page)) return;
  if ((await page.locator('leptos-island').count()) > 0) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

/// A phone's built-in passkey store, simulated by Chromium: user verification always passes.
const PHONE = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
} as const;

export async function virtualAuthenticator(
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: PHONE,
  });
  return { cdp, authenticatorId };
}

/// The phone is lost: its passkey store goes away, and a new phone takes its place.
export async function newPhone(cdp: CDPSession, lost: string): Promise<string> {
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: lost });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: PHONE,
  });
  return authenticatorId;
}

/// Enrols a new person with `code` under `name`: they land on the home page, signed in, and
/// the account page shows them.
export async function enrol(page: Page, code: string, name: string) {
  await page.goto(`/join/${code}`);
  await expect(page.getByTestId('join-community')).toHaveText('示例社区');
  await hydrated(page);
  await page.getByLabel('您的姓名').fill(name);
  await page.getByTestId('create-passkey').click();
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('home-signed-in')).toContainText(name);
  await page.goto('/me');
  await expect(page.getByTestId('account-name')).toHaveText(name);
}


/// Enrols the registered person `code` was issued for (their name is fixed by the registry):
/// answers their name.
export async function enrolRegistered(page: Page, code: string): Promise<string> {
  await page.goto(`/join/${code}`);
  const name = page.getByLabel('您的姓名');
  await expect(name).toHaveAttribute('readonly', '');
  const registered = await name.inputValue();
  await hydrated(page);
  await page.getByTestId('create-passkey').click();
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('home-signed-in')).toContainText(registered);
  return registered;
}
