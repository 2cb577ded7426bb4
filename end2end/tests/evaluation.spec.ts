// Democratic evaluation as the supervisory committee, the rated and the representatives live
// it on 360-px phones: a round planned, the work reports published (one with an attachment),
// the round opened, a question asked and answered, one representative rating with
// JavaScript, one without, the rest on paper at the meeting; the round closed, the paper box
// counted by two officers, the results shown with their chart and flags, downloaded as CSV,
// and published on the notice board.
import { readFileSync } from 'node:fs';
import { expect, type Browser, type Page } from '@playwright/test';
import { checkPage } from './checks';
import { enrol, enrolRegistered, fixtures, hydrated, officerCode, test, virtualAuthenticator, withoutScript } from './fixtures';

const PHONE = { viewport: { width: 360, height: 740 }, locale: 'zh-CN' } as const;

async function phone(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext(PHONE)).newPage();
  await virtualAuthenticator(page);
  return page;
}

async function noSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

/// The subject enrolled with `code` publishes their work report on the round's page: answers
/// their phone and their name.
async function publishReport(
  browser: Browser,
  round: string,
  code: string,
  attach: boolean,
): Promise<{ subject: Page; name: string }> {
  const subject = await phone(browser);
  const name = await enrolRegistered(subject, code);
  await subject.goto(round);
  await hydrated(subject);
  await subject.getByTestId('write-report').locator('summary').click();
  const form = subject.locator('form:has(input[name="title"])');
  await expect(form).toHaveCount(1);
  await form.locator('input[name="title"]').fill('2028年度述职报告');
  await form.locator('textarea[name="body"]').fill('一年来，我们推进了楼道照明和加装电梯。');
  if (attach) {
    await form.getByTestId('report-files').setInputFiles({
      name: '述职报告附件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 述职报告\n'),
    });
  }
  await form.locator('button[type="submit"]').click();
  await expect(subject).toHaveURL(round);
  await expect(subject.locator('form:has(input[name="title"])')).toHaveCount(0);
  return { subject, name };
}

/// Enters the paper box's count on the desk: `forms` forms; satisfaction subjects all 满意,
/// competence subjects half (rounded up) 不称职, the rest 称职.
async function enterTally(desk: Page, forms: number) {
  const form = desk.getByTestId('tally-form');
  await form.locator('input[name="forms_in_box"]').fill(String(forms));
  await form.locator('input[name="void_forms"]').fill('0');
  const failing = Math.ceil(forms / 2);
  for (const subject of await form.getByTestId('tally-subject').all()) {
    const inputs = subject.locator('input');
    const fields = await inputs.count();
    for (let i = 0; i < fields; i++) await inputs.nth(i).fill('0');
    if (fields === 4) {
      // 满意, 基本满意, 不满意, then unmarked.
      await inputs.nth(0).fill(String(forms));
    } else {
      // 优秀, 称职, 基本称职, 不称职, then unmarked.
      await inputs.nth(1).fill(String(forms - failing));
      await inputs.nth(3).fill(String(failing));
    }
  }
  await form.getByTestId('enter-tally').click();
}

test('a round on phones: reports, a question, ratings by phone, without JavaScript and on paper, a double count, results published', async ({
  browser,
}) => {
  test.setTimeout(420_000);

  // The supervisory committee plans a round of the committee director, the deputy and a
  // committee member.
  const officer = await phone(browser);
  await enrolRegistered(officer, officerCode('supervisory_committee_member'));
  await officer.goto('/evaluations/new');
  await noSidewaysScroll(officer);
  await officer.locator('input[name="period"]').fill('２０２８年度');
  // The window from now for two hours, in the community's time (UTC+8); the form suggests
  // next week's working day.
  const local = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
  await officer.locator('input[name="opens_at"]').fill(local(Date.now()));
  await officer.locator('input[name="closes_at"]').fill(local(Date.now() + 2 * 3_600_000));
  for (const choice of await officer.locator('.subject-choice').all()) {
    const text = (await choice.locator('label').textContent()) ?? '';
    await choice.locator('input[type="checkbox"]').setChecked(/居委会(主任|副主任|委员)/.test(text));
  }
  await officer.getByTestId('create-evaluation').locator('button[type="submit"]').click();
  await expect(officer).toHaveURL(/\/evaluations\/(?!new$)[0-9a-zA-Z]+$/);
  const round = new URL(officer.url()).pathname;
  await expect(officer.getByTestId('round-title')).toContainText('2028年度');
  await expect(officer.getByTestId('round-subject')).toHaveCount(3);
  await checkPage(officer, 'a round being prepared');

  // Each subject publishes their report; the round opens only then.
  const { subject: member, name: memberName } = await publishReport(
    browser,
    round,
    officerCode('committee_member'),
    false,
  );
  await publishReport(browser, round, officerCode('committee_director'), true);
  await publishReport(browser, round, officerCode('deputy_director'), false);
  await officer.goto(round);
  await expect(officer.getByTestId('report-link')).toHaveCount(3);
  await officer.getByTestId('open-round').click();
  await expect(officer.getByTestId('round-phase')).toHaveText('测评中');

  // A representative asks the committee member a question; the member answers it.
  const asker = await phone(browser);
  await enrolRegistered(asker, officerCode('resident_rep'));
  await asker.goto(round);
  await hydrated(asker);
  const ask = asker.getByTestId('ask');
  await ask.locator('select[name="subject"]').selectOption({ label: memberName });
  await ask.locator('textarea[name="question"]').fill('小区停车难的问题什么时候解决？');
  await ask.locator('button[type="submit"]').click();
  await expect(asker.getByTestId('question-text')).toHaveText('小区停车难的问题什么时候解决？');
  await member.goto(round);
  const question = member.getByTestId('question').first();
  await question.locator('textarea[name="answer"]').fill('下月起开放夜间错峰停车。');
  await question.locator('button[type="submit"]').click();
  await expect(member.getByTestId('answer')).toContainText('下月起开放夜间错峰停车');

  // The representative rates with JavaScript: the sheet, the review, the tracker.
  await asker.goto(`${round}/rate`);
  await hydrated(asker);
  await noSidewaysScroll(asker);
  for (const subject of await asker.getByTestId('sheet-subject').all()) {
    await subject.locator('input[type="radio"]').first().check();
  }
  await asker.getByTestId('review-button').click();
  await expect(asker.getByTestId('review')).toBeVisible();
  await asker.getByTestId('submit-rating').click();
  await expect(asker.getByTestId('tracker')).toBeVisible();
  const tracker = ((await asker.getByTestId('tracker').textContent()) ?? '').trim();
  expect(tracker.length).toBeGreaterThan(0);

  // Another rates on a phone whose browser runs no JavaScript; changing a grade at the review
  // brings the sheet back as marked.
  const second = await phone(browser);
  await enrolRegistered(second, officerCode('party_member_rep'));
  const plain = await withoutScript(second);
  await plain.goto(`${round}/rate`);
  for (const subject of await plain.getByTestId('sheet-subject').all()) {
    await subject.locator('input[type="radio"]').last().check();
  }
  await plain.getByTestId('review-button').click();
  await expect(plain.getByTestId('review')).toBeVisible();
  await plain.getByTestId('change').click();
  await expect(plain.getByTestId('sheet-subject').first().locator('input[type="radio"]').last()).toBeChecked();
  await plain.getByTestId('review-button').click();
  await expect(plain.getByTestId('review')).toBeVisible();
  await plain.getByTestId('submit-rating').click();
  await expect(plain.getByTestId('tracker')).toBeVisible();

  // At the meeting everyone else takes a paper form; the desk runs without JavaScript.
  const desk = await withoutScript(officer);
  // (The page checks run axe, which needs the browser's JavaScript: on the officer's own.)
  await officer.goto(`${round}/paper`);
  await noSidewaysScroll(officer);
  await checkPage(officer, 'the paper desk, handing out');
  await desk.goto(`${round}/paper`);
  let handed = 0;
  while ((await desk.getByTestId('hand-out-form').count()) > 0) {
    await desk.getByTestId('hand-out-rater').selectOption({ index: 0 });
    await desk.getByTestId('hand-out-box').fill('1');
    await desk.getByTestId('hand-out').click();
    await expect(desk.getByTestId('done')).toBeVisible();
    handed++;
    expect(handed).toBeLessThan(40);
  }
  await expect(desk.getByTestId('none-waiting')).toBeVisible();
  expect(handed).toBeGreaterThanOrEqual(10);

  // Everyone took part: the round closes before its window ends.
  await desk.goto(round);
  await desk.getByTestId('close-round').click();
  await expect(desk.getByTestId('round-phase')).toHaveText('已结束');

  // Two officers enter the box's count; it counts once both agree.
  await desk.goto(`${round}/paper`);
  await enterTally(desk, handed);
  await expect(desk.getByTestId('box-standing')).toHaveText('等待第二人录入');
  await officer.goto(`${round}/paper`);
  await checkPage(officer, 'the paper desk, counting');
  const secondOfficer = await phone(browser);
  await enrol(secondOfficer, fixtures.evaluator, '监督委员会委员乙');
  const secondDesk = await withoutScript(secondOfficer);
  await secondDesk.goto(`${round}/paper`);
  await enterTally(secondDesk, handed);
  await expect(secondDesk.getByTestId('box-standing')).toHaveText('已确认');

  // The results: chart, figures, flags, the tracker among those counted; CSV; published.
  await officer.goto(`${round}/results`);
  await noSidewaysScroll(officer);
  await expect(officer.getByTestId('provisional')).toHaveCount(0);
  await expect(officer.getByTestId('subject-result')).toHaveCount(3);
  await expect(officer.getByTestId('chart').first()).toBeVisible();
  await expect(officer.getByTestId('channels')).toContainText(`纸质 ${handed}`);
  await expect(officer.getByTestId('flag').first()).toBeVisible();
  await expect(officer.getByTestId('trackers')).toContainText(tracker);
  await checkPage(officer, 'the results');
  const [download] = await Promise.all([
    officer.waitForEvent('download'),
    officer.getByTestId('csv-link').click(),
  ]);
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  expect(csv.startsWith('\ufeff')).toBe(true);
  expect(csv).toContain('不称职');
  await officer.goto(`${round}/print`);
  await expect(officer.getByTestId('results-print')).toBeVisible();
  await officer.goto(`${round}/results`);
  await officer.getByTestId('publish-results-button').click();
  await expect(officer).toHaveURL(/\/notices\/[0-9a-zA-Z]+$/);
  await expect(officer.locator('h1')).toContainText('2028年度民主评议测评结果');
  await officer.goto(`${round}/results`);
  await expect(officer.getByTestId('results-published')).toBeVisible();
});
