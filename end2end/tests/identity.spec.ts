// Getting in, as a resident does: an invitation link from the community staff, a passkey on
// the phone, and signing in again later without typing anything.
import { expect } from '@playwright/test';
import { enrol, fixtures, hydrated, invitationCode, newPhone, officerCode, test, virtualAuthenticator } from './fixtures';

test('invitation → passkey → signed-in home → sign out → sign in again', async ({ page }) => {
  await virtualAuthenticator(page);
  await page.goto(`/join/${invitationCode(0)}`);
  await expect(page.getByTestId('join-roles')).toContainText('居民代表');
  await enrol(page, invitationCode(0), '王秀英');
  await expect(page.getByTestId('account-roles')).toContainText('居民');
  await expect(page.getByTestId('account-roles')).toContainText('居民代表');
  await expect(page.getByTestId('passkeys').locator('li')).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId('account-name')).toHaveText('王秀英');

  await hydrated(page);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('sign-in')).toBeVisible();

  await hydrated(page);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('account-name')).toHaveText('王秀英');
  await page.reload();
  await expect(page.getByTestId('account-name')).toHaveText('王秀英');
  await expect(page.getByTestId('passkeys')).toContainText('上次使用');

  // Named by this device and its browser, never the raw user agent; renamable.
  await expect(page.getByTestId('passkey-name')).toContainText(/这(部手机|台电脑|台平板) · Chrome/);
  await expect(page.getByTestId('passkey-name')).not.toContainText('Mozilla');
  await hydrated(page);
  await page.getByTestId('passkeys').locator('summary').first().click();
  await page.getByTestId('passkey-new-name').fill('奶奶的手机');
  await page.getByTestId('rename-passkey').click();
  await expect(page.getByTestId('passkey-name')).toHaveText('奶奶的手机');
});

test('a used invitation says so and what to do', async ({ page, browser }) => {
  await virtualAuthenticator(page);
  await enrol(page, invitationCode(1), '李明');
  const stranger = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const other = await stranger.newPage();
  await other.goto(`/join/${invitationCode(1)}`);
  await expect(other.getByTestId('invitation-unusable')).toContainText('这个邀请已经用过了');
  await expect(other.getByTestId('create-passkey')).toHaveCount(0);
  await stranger.close();
});

test('an unknown invitation says what to do', async ({ page }) => {
  await page.goto('/join/NOTAREALCODE');
  await expect(page.getByTestId('invitation-unusable')).toContainText('这个邀请链接无效');
  await page.goto('/join/23456789ABCDEFGHJKLM');
  await expect(page.getByTestId('invitation-unusable')).toContainText('这个邀请链接无效');
});

test('an anonymous visitor is offered to sign in and sees no account', async ({ page }) => {
  await page.goto('/me');
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.getByTestId('account')).toHaveCount(0);
});

test('a request from a foreign origin is refused', async ({ page }) => {
  const response = await page.request.post('/api/begin_sign_in', {
    headers: { Origin: 'https://evil.example' },
  });
  expect(response.status()).toBe(403);
  const origin = new URL(process.env.BASE_URL ?? 'http://localhost:3000').origin;
  const same = await page.request.post('/api/begin_sign_in', { headers: { Origin: origin } });
  expect(same.status()).toBe(200);
});

test('a second passkey signs in on its own, and the old one can be removed', async ({ page }) => {
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  await enrol(page, invitationCode(2), '张伟');
  await expect(page.getByTestId('remove-passkey')).toHaveCount(0);

  // A new phone, added while still signed in on this browser.
  await newPhone(cdp, authenticatorId);
  await hydrated(page);
  await page.getByTestId('add-passkey').click();
  await expect(page.getByTestId('passkeys').locator('li')).toHaveCount(2);

  await page.getByTestId('sign-out').click();
  await hydrated(page);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('account-name')).toHaveText('张伟');
  // The passkey this browser signed in with says that removing it signs this browser out.
  await expect(page.getByTestId('remove-signs-out')).toHaveCount(1);

  await page.getByTestId('remove-passkey').first().click();
  await expect(page.getByTestId('passkeys').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('remove-passkey')).toHaveCount(0);
});

test("the demo's station chief enrols and sees the office on the home page", async ({ page }) => {
  await virtualAuthenticator(page);
  await page.goto(`/join/${officerCode('station_chief')}`);
  await expect(page.getByTestId('join-roles')).toHaveText('服务站站长');
  const name = page.getByLabel('您的姓名');
  await expect(name).not.toHaveValue('');
  await expect(name).toHaveAttribute('readonly', '');
  const registered = await name.inputValue();
  await hydrated(page);
  await page.getByTestId('create-passkey').click();
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('home-signed-in')).toContainText(registered);
  await expect(page.getByTestId('home-roles')).toContainText('服务站站长');
  const abilities = page.getByTestId('home-abilities');
  await expect(abilities).toContainText('进入社区工作台');
  await expect(abilities).toContainText('查看审计日志');
  await abilities.getByText('进入社区工作台').click();
  await expect(page.getByTestId('office')).toContainText('示例社区');
  await expect(page.getByTestId('staffing')).toContainText('5 / 6');
  await expect(page.getByTestId('staffing')).toContainText('缺 1');
});

test('a resident is told only what residents can do', async ({ page }) => {
  await virtualAuthenticator(page);
  await enrol(page, invitationCode(3), '赵敏');
  await page.goto('/');
  const abilities = page.getByTestId('home-abilities');
  await expect(abilities).toContainText('管理通行密钥');
  await expect(abilities).not.toContainText('社区工作台');
});

test('an expired invitation says so and what to do', async ({ page }) => {
  await page.goto(`/join/${fixtures.expired}`);
  await expect(page.getByTestId('invitation-unusable')).toContainText('这个邀请已过期');
  await expect(page.getByTestId('create-passkey')).toHaveCount(0);
});
