// The notice board (居务公开), as staff publish and residents read it: a station chief drafts,
// previews and publishes a notice; a visitor reads it on a phone without signing in; the feed
// lists it; and its poster prints on one A4 page.
import { expect } from '@playwright/test';
import { enrol, hydrated, staffCode, test, virtualAuthenticator } from './fixtures';

test('staff publish a notice; a visitor reads it; the feed lists it; the poster prints on one page', async ({
  page,
  browser,
}) => {
  await virtualAuthenticator(page);
  await enrol(page, staffCode(4), '站长戊');
  await page.goto('/notices');
  await page.getByTestId('new-notice').click();
  await expect(page).toHaveURL('/notices/new');
  await hydrated(page);
  await page.getByTestId('notice-kind').selectOption('general');
  await page.getByTestId('notice-title-input').fill('关于小区停水的通知');
  await page
    .getByTestId('notice-body-input')
    .fill('各位居民：\n\n因管网维修，**3月20日 8:00–18:00** 停水。\n\n- 请提前储水\n- 如有困难请联系网格员');
  await page.getByTestId('notice-files').setInputFiles({
    name: '停水范围.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% the affected buildings\n'),
  });
  await page.getByTestId('preview-notice').click();
  await expect(page.getByTestId('notice-preview').locator('strong')).toHaveText('3月20日 8:00–18:00');
  // The preview came back with the file kept, and publishing sends it.
  await expect(page.getByTestId('kept-files')).toContainText('停水范围.pdf');
  await page.getByTestId('publish-notice').click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f]{32}\?done=publish_notice$/);
  await expect(page.getByTestId('notice-title')).toHaveText('关于小区停水的通知');
  // Just published, it may not come down before its minimum display period: the button
  // waits and says from when.
  await expect(page.getByTestId('take-down')).toBeDisabled();
  await expect(page.getByTestId('take-down-form')).toContainText(/\d{4}-\d{2}-\d{2}/);
  const url = page.url().split('?')[0];

  const visitor = await (
    await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', javaScriptEnabled: false })
  ).newPage();
  await visitor.goto('/notices');
  await visitor.getByTestId('notices').getByText('关于小区停水的通知').click();
  await expect(visitor.getByTestId('notice-body').locator('li')).toHaveCount(2);
  const file = visitor.getByTestId('notice-attachments').getByRole('link', { name: '停水范围.pdf' });
  const download = await visitor.request.get((await file.getAttribute('href')) ?? '');
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  const scrollWidth = await visitor.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);

  const feed = await visitor.request.get('/notices/feed.atom');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  const xml = await feed.text();
  expect(xml).toContain('<title>关于小区停水的通知</title>');
  expect(xml).toContain(url.replace(/^https?:\/\/[^/]+/, ''));

  await visitor.goto(`${url}/print`);
  await expect(visitor.getByTestId('poster').locator('svg')).toHaveCount(1);
  const pdf = (await visitor.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
  expect(pages).toBe(1);
  await visitor.context().close();
});

test('a correction is a new version and the first stays readable', async ({ page }) => {
  await virtualAuthenticator(page);
  await enrol(page, staffCode(5), '站长己');
  await page.goto('/notices/new');
  await hydrated(page);
  await page.getByTestId('notice-kind').selectOption('general');
  await page.getByTestId('notice-title-input').fill('居民议事会时间');
  await page.getByTestId('notice-body-input').fill('本周五晚七点。');
  await page.getByTestId('publish-notice').click();
  await expect(page.getByTestId('notice-title')).toHaveText('居民议事会时间');
  await hydrated(page);
  const form = page.getByTestId('correct-form');
  await form.getByLabel('标题').fill('居民议事会时间（更正）');
  await form.getByLabel('正文').fill('改为本周六上午九点。');
  await form.getByRole('button').click();
  await expect(page.getByTestId('notice-title')).toHaveText('居民议事会时间（更正）');
  await expect(page.getByTestId('notice-history')).toContainText('居民议事会时间');
  await page.getByTestId('notice-history').locator('summary').click();
  await expect(page.getByTestId('notice-history')).toContainText('本周五晚七点。');
});

test('a half-written notice is saved as a draft, continued later and published', async ({ page }) => {
  await virtualAuthenticator(page);
  await enrol(page, staffCode(6), '站长庚');
  await page.goto('/notices/new');
  await hydrated(page);
  await page.getByTestId('notice-kind').selectOption('general');
  await page.getByTestId('notice-title-input').fill('电梯检修安排');
  await page.getByTestId('save-draft').click();
  await expect(page.getByTestId('draft-saved')).toBeVisible();
  await expect(page.getByTestId('notice-draft')).toHaveCount(1);

  // Another day: the draft is listed, and continuing it fills the form again.
  await page.goto('/notices/new');
  await hydrated(page);
  await expect(page.getByTestId('notice-draft')).toContainText('电梯检修安排');
  await page.getByTestId('continue-draft').click();
  await expect(page).toHaveURL(/\/notices\/new\?draft=[0-9a-f]{32}$/);
  await expect(page.getByTestId('editing-draft')).toBeVisible();
  await expect(page.getByTestId('notice-title-input')).toHaveValue('电梯检修安排');
  await page.getByTestId('notice-body-input').fill('3号楼电梯下周一停用检修。');
  await page.getByTestId('publish-notice').click();
  await expect(page.getByTestId('notice-title')).toHaveText('电梯检修安排');

  await page.goto('/notices/new');
  await hydrated(page);
  await expect(page.getByTestId('publish-form')).toBeVisible();
  await expect(page.getByTestId('notice-drafts')).toHaveCount(0);
});

/// The text of each page of a PDF, read with pdf.js.
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  return pages;
}

test('issue 16 item 18: a long notice prints with its title, period, QR code and "n / m" on every page', async ({
  page,
  browser,
}) => {
  await virtualAuthenticator(page);
  await enrol(page, staffCode(7), '站长辛');
  await page.goto('/notices/new');
  await page.getByTestId('notice-kind').selectOption('general');
  await page.getByTestId('notice-title-input').fill('小区综合整治工作方案 Q4-2026');
  const paragraph = '为改善居住环境，社区将对楼道堆物、飞线充电、绿化带占用等问题开展综合整治，请各位居民予以配合。';
  await page.getByTestId('notice-body-input').fill(Array.from({ length: 60 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n'));
  await page.getByTestId('publish-notice').click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f]{32}\?done=publish_notice$/);
  const url = page.url().split('?')[0];

  const visitor = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false })).newPage();
  await visitor.goto(`${url}/print`);
  // The QR code sits in the table head, with the title and the period: what the print engine
  // repeats on every page.
  const head = visitor.getByTestId('poster').locator('thead');
  await expect(head.locator('svg')).toHaveCount(1);
  await expect(head).toContainText('小区综合整治工作方案 Q4-2026');
  await expect(head).toContainText('公示至');
  const until = ((await head.textContent()) ?? '').match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? 'no date';
  const pages = await pdfPages(await visitor.pdf({ format: 'A4', preferCSSPageSize: true }));
  expect(pages.length).toBeGreaterThan(1);
  // pdf.js reads the Latin letters and digits of Chromium's PDF (not its Chinese glyphs): the
  // title's "Q4-2026", the period's last day and "n / m" on every page show the head repeats.
  pages.forEach((text, i) => {
    expect(text, `page ${i + 1}`).toContain('Q4-2026');
    expect(text, `page ${i + 1}`).toContain(until);
    expect(text.replace(/\s/g, ''), `page ${i + 1}`).toContain(`${i + 1}/${pages.length}`);
  });
  await visitor.context().close();
});
