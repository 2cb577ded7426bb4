// The app shell as a resident on a cheap phone meets it: Chinese first, English on request,
// readable at 360 px, and whole without JavaScript: pages are HTML and CSS, and only the few
// islands (signing in, adding a passkey, choosing files, printing) load any script.
import { expect, type Page } from '@playwright/test';
import { hydrated, test } from './fixtures';

const SECTIONS = [
  { path: '/deliberations', nav: '议事协商', zh: '议事协商' },
  { path: '/evaluations', nav: '民主评议', zh: '民主评议' },
  { path: '/elections', nav: '选举', zh: '居委会选举' },
  { path: '/notices', nav: '居务公开', zh: '居务公开' },
  { path: '/me', nav: '我的', zh: '我的' },
];

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('home renders in zh-CN on a phone', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎使用共商');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link')).toHaveText([
    /议事协商/,
    /民主评议/,
    /选举/,
    /居务公开/,
    /我的/,
  ]);
  await expect(nav).toBeInViewport();
  await noSidewaysScroll(page);
});

test('every section is a real page reachable from the bottom navigation', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  for (const section of SECTIONS) {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: section.nav, exact: true }).click();
    await expect(page).toHaveURL(section.path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(section.zh);
    await noSidewaysScroll(page);
  }
});

test('language switch to English and back persists across reloads', async ({ page }) => {
  await page.goto('/elections');
  await hydrated(page);
  await page.getByTestId('switch-language').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Committee elections');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Committee elections');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await hydrated(page);
  await page.getByTestId('switch-language').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('居委会选举');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('the text-size switch is a plain form: the page comes back larger, and stays so', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('switch-text-size').click();
  await expect(page.locator('body')).toHaveClass(/text-large/);
  await expect(page.getByTestId('switch-text-size')).toHaveAttribute('aria-pressed', 'true');
  await noSidewaysScroll(page);
  await page.reload();
  await expect(page.locator('body')).toHaveClass(/text-large/);
});

test('issue 17: pages without islands load no script and no wasm; a page with one does', async ({ page }) => {
  const loaded: string[] = [];
  page.on('request', (request) => {
    if (/\.(js|wasm)$/.test(new URL(request.url()).pathname)) loaded.push(request.url());
  });
  for (const path of ['/', '/notices', '/elections', '/deliberations', '/evaluations']) {
    await page.goto(path);
    await page.waitForLoadState('load');
    const html = await page.content();
    expect(html, path).not.toContain('<script');
    expect(html, path).not.toContain('.wasm');
  }
  expect(loaded).toEqual([]);
  await page.goto('/me');
  await hydrated(page);
  expect(loaded.some((url) => url.endsWith('.wasm'))).toBe(true);
  await expect(page.getByTestId('sign-in')).toBeVisible();
});

test('readable at 200% text size on a 360-px screen', async ({ page }) => {
  for (const path of ['/', ...SECTIONS.map((section) => section.path)]) {
    await page.goto(path);
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    await noSidewaysScroll(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});

test('unknown addresses get a friendly 404 in Chinese', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('找不到这个页面');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎使用共商');
});

test('no console errors or CSP violations while hydrating', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto('/me');
  await hydrated(page);
  expect(problems).toEqual([]);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('pages render, links work, and both switches work as plain forms', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎使用共商');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '居务公开' }).click();
    await expect(page).toHaveURL('/notices');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('居务公开');

    await page.getByTestId('switch-language').click();
    await expect(page).toHaveURL(/\/notices/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Public notices');

    await page.getByTestId('switch-text-size').click();
    await expect(page.locator('body')).toHaveClass(/text-large/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Public notices');
    await noSidewaysScroll(page);
  });
});
