// What run.sh seeded before the server started: a community and single-use invitation codes.
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { expect } from '@playwright/test';

interface Fixtures {
  community: string;
  codes: string[];
  /// Single-use invitations for new station chiefs, one per staff test.
  staff: string[];
  /// An invitation that expired as it was issued.
  expired: string;
  /// A new officer holding every staff role, who walks over every page.
  crawler: string;
  /// The demo's invitation code for each role's officer, by role code, and for its voters
  /// (`voter_1` … `voter_6`).
  roles: Record<string, string>;
  /// The demo's elections: one whose polls are open, one finished and published.
  elections: { open: string; finished: string };
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

export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
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
