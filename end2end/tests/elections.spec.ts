// Elections, as officers and voters live them on phones (the officers' phones run no
// JavaScript: every officer step is a plain form): officers prepare a new election as
// far as the calendar allows today; then, in the demo's election whose polls are open, voters
// cast ballots (one with JavaScript off, refused once and kept, one by proxy), an officer hands out a paper ballot,
// two officers close the polls, the box's tally sheet is entered twice, the result is
// published, a voter finds their tracker on the board, and an independent recount of the
// board agrees with the published result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { checkPage } from './checks';
import { enrolRegistered, fixtures, hydrated, officerCode, test, virtualAuthenticator, withoutScript } from './fixtures';

const PHONE = { viewport: { width: 360, height: 740 }, locale: 'zh-CN' } as const;

async function phone(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext(PHONE)).newPage();
  await virtualAuthenticator(page);
  return page;
}

/// An officer enrolled with `code`, then working on a phone that runs no JavaScript: every
/// officer step is a plain form (issue 17).
async function plainOfficer(browser: Browser, code: string): Promise<Page> {
  const page = await phone(browser);
  await enrolRegistered(page, code);
  return withoutScript(page);
}

async function noSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

/// Marks the first candidate of each office "for", the rest "against".
async function markBallot(page: Page) {
  for (const contest of await page.locator('fieldset.contest').all()) {
    const candidates = contest.getByTestId('ballot-candidate');
    const count = await candidates.count();
    for (let i = 0; i < count; i++) {
      await candidates.nth(i).locator(`input[value="${i === 0 ? 'for' : 'against'}"]`).check();
    }
  }
}

async function castWithReview(page: Page): Promise<string> {
  await hydrated(page);
  await markBallot(page);
  await page.getByTestId('review-button').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(page.getByTestId('review-director')).toContainText('有效');
  await page.getByTestId('cast').click();
  await expect(page).toHaveURL(/\/voted$/);
  const tracker = (await page.getByTestId('tracker').textContent()) ?? '';
  expect(tracker).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return tracker;
}

test('officers prepare an election as far as the calendar allows today', async ({ browser }) => {
  const officer = await plainOfficer(browser, officerCode('district_admin'));
  await officer.goto('/elections');
  await officer.getByTestId('new-election').click();
  await expect(officer).toHaveURL('/elections/new');
  await hydrated(officer);
  await expect(officer.getByTestId('seat-suggestion')).toContainText('2400');
  await officer.getByLabel('标题').fill('第十二届居委会换届选举');
  await officer.getByLabel('投票站').first().fill('社区活动中心');
  await officer.getByTestId('create-election').getByRole('button').click();
  await expect(officer).toHaveURL(/\/elections\/[0-9a-f]{32}\/office$/);
  await hydrated(officer);
  await expect(officer.getByTestId('desk-phase')).toHaveText('筹备中');
  await officer.getByTestId('draft-roll').click();
  await expect(officer.getByTestId('desk-roll')).not.toContainText(/^0 /);
  await officer.getByTestId('publish-roll').click();
  await expect(officer.getByTestId('desk-roll')).toContainText('已公布');
  // The list cannot go out yet: no office has more candidates than seats.
  await expect(officer.getByTestId('list-blocked')).toContainText('候选人数须多于应选人数');
  await officer.getByTestId('publish-candidates').click();
  await expect(officer.locator('.form-error').first()).toContainText('候选人数须多于应选人数');
  await noSidewaysScroll(officer);
  const election = officer.url().replace(/\/office.*$/, '');
  await officer.goto(election);
  await expect(officer.getByTestId('timeline')).toContainText('✓');
  await expect(officer.getByTestId('roll-size')).toContainText('已公布');
  // The roll went to the notice board, linking back; the next deadline is on the home page.
  await officer.goto('/notices?kind=election');
  await officer.getByTestId('notices').getByText('第十二届居委会换届选举：选民名单公告').first().click();
  await officer.getByTestId('notice-about').click();
  await expect(officer).toHaveURL(election);
  await officer.goto('/');
  await expect(officer.getByTestId('home-deadlines')).toContainText('公布正式候选人名单');
});

test('voters cast by phone, without JavaScript and by proxy; paper is counted twice; the result matches the recount', async ({
  browser,
}) => {
  test.setTimeout(540_000);
  const election = `/elections/${fixtures.elections.open}`;

  // A voter with JavaScript: ballot, review, cast, tracker. No page on the way to the ballot
  // ships any script.
  const first = await phone(browser);
  await enrolRegistered(first, officerCode('voter_1'));
  const wasm: string[] = [];
  first.on('request', (request) => {
    if (request.url().endsWith('.wasm') || request.url().endsWith('.js')) wasm.push(request.url());
  });
  await first.goto(election);
  await expect(first.getByTestId('election-phase')).toHaveText('正在投票');
  await first.getByTestId('go-vote').click();
  await expect(first).toHaveURL(`${election}/ballot`);
  await noSidewaysScroll(first);
  // Every state of the ballot passes the page checks, the write-in fields opened included.
  for (const more of await first.locator('details.write-ins summary').all()) await more.click();
  await checkPage(first, 'ballot with write-ins open');
  expect(wasm).toEqual([]);
  // The tracker page has one island, the copy button.
  const tracker = await castWithReview(first);
  await first.goto(`${election}/ballot`);
  await expect(first.getByTestId('cannot-cast')).toContainText('不能再次投票');

  // A voter whose phone runs no JavaScript: the same ballot, review and cast as plain forms.
  // A write-in naming nobody on the roll is named beside its section at the review, which
  // offers no cast; changing it brings the ballot back as marked.
  const second = await phone(browser);
  await enrolRegistered(second, officerCode('voter_2'));
  const plainContext = await browser.newContext({
    ...PHONE,
    javaScriptEnabled: false,
    storageState: await second.context().storageState(),
  });
  const plain = await plainContext.newPage();
  await plain.goto(`${election}/ballot`);
  await markBallot(plain);
  await plain.locator('details.write-ins summary').first().click();
  await plain.locator('input[name^="write_ins["]').first().fill('查无此人');
  await plain.getByTestId('review-button').click();
  await expect(plain.getByTestId('review')).toContainText('查无此人');
  await expect(plain.getByTestId('review').getByTestId('write-in-problem')).toContainText('查无此人');
  await expect(plain.getByTestId('cast')).toHaveCount(0);
  await plain.getByTestId('change').click();
  await expect(plain.getByTestId('write-in-problem')).toBeVisible();
  await expect(plain.locator('input[name^="write_ins["]').first()).toHaveValue('查无此人');
  const firstFor = plain.locator('fieldset.contest').first().getByTestId('ballot-candidate').first();
  await expect(firstFor.locator('input[value="for"]')).toBeChecked();
  await plain.locator('input[name^="write_ins["]').first().fill('');
  await plain.getByTestId('review-button').click();
  await plain.getByTestId('cast').click();
  await expect(plain).toHaveURL(/\/voted$/);
  await expect(plain.getByTestId('tracker')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // A voter who will be away names a proxy, who casts their ballot for them.
  const holder = await phone(browser);
  const holderName = await enrolRegistered(holder, officerCode('voter_4'));
  await holder.goto(`${election}/roll`);
  const holderLine = (await holder.getByTestId('roll').locator('li', { hasText: holderName }).first().textContent()) ?? '';
  const household = holderLine.match(/H\d{4}/)?.[0] ?? '';
  const principal = await phone(browser);
  const principalName = await enrolRegistered(principal, officerCode('voter_3'));
  await principal.goto(election);
  await hydrated(principal);
  await principal.getByText('委托他人投票').first().click();
  await principal.getByTestId('proxy-form').getByLabel('受委托人').fill(`${holderName} ${household}`);
  await principal.getByTestId('proxy-form').getByRole('checkbox').check();
  await principal.getByTestId('proxy-form').getByRole('button').click();
  await expect(principal.getByTestId('proxy-named')).toContainText(holderName);
  await holder.goto(election);
  await expect(holder.getByTestId('principals')).toContainText(principalName);
  await hydrated(holder);
  await holder.getByTestId('vote-for-principal').click();
  await expect(holder.getByTestId('proxy-ballot')).toContainText(principalName);
  await castWithReview(holder);
  await holder.goto(election);
  await expect(holder.getByTestId('principals')).toContainText('已投票');
  await expect(holder.getByTestId('go-vote')).toBeVisible();

  // At the polling station an officer hands out a paper ballot to someone on the roll.
  const officer = await plainOfficer(browser, officerCode('election_committee_member'));
  await officer.goto(`${election}/roll`);
  const someone = (await officer.getByTestId('roll').locator('li').nth(40).textContent()) ?? '';
  const theirHousehold = someone.match(/H\d{4}/)?.[0] ?? '';
  await officer.goto(`${election}/station?q=${theirHousehold}`);
  await hydrated(officer);
  await officer.getByTestId('hand-out').first().click();
  await expect(officer.getByTestId('already').first()).toContainText('纸质选票');

  // Two officers close the polls, once the announced window (run.sh: four minutes after
  // seeding) has ended: until then the desk says when, and the button waits.
  const secretary = await plainOfficer(browser, officerCode('party_secretary'));
  await officer.goto(`${election}/office`);
  await expect(officer.getByTestId('step-waits')).toContainText('公告的投票时间结束后才能结束投票');
  await expect(officer.getByTestId('poll-step')).toBeDisabled();
  await expect
    .poll(
      async () => {
        await officer.reload();
        return officer.getByTestId('poll-step').isEnabled();
      },
      { timeout: 300_000, intervals: [5_000] },
    )
    .toBe(true);
  await hydrated(officer);
  await officer.getByTestId('poll-step').click();
  await expect(officer.getByTestId('pending-step')).toBeVisible();
  // The officer who asked cannot confirm their own request.
  await expect(officer.getByTestId('waiting-for-second')).toBeVisible();
  await expect(officer.getByTestId('poll-step')).toHaveCount(0);
  await secretary.goto(`${election}/office`);
  await hydrated(secretary);
  await expect(secretary.getByTestId('poll-step')).toHaveText('确认结束投票');
  await secretary.getByTestId('poll-step').click();
  await expect(secretary.getByTestId('desk-phase')).toHaveText('投票已结束，正在计票');

  // The box's tally sheet, entered by two officers: one blank ballot.
  const scrutineer = await plainOfficer(browser, officerCode('scrutineer'));
  // A sheet that does not add up is refused, every number kept.
  await officer.goto(`${election}/count`);
  await officer.getByTestId('sheet-form').locator('input[name="ballots_in_box"]').fill('1');
  await officer.getByTestId('enter-sheet').click();
  await expect(officer.locator('.form-error').first()).toContainText('对不上');
  await expect(officer.getByTestId('sheet-form').locator('input[name="ballots_in_box"]')).toHaveValue('1');
  for (const [page, standing] of [
    [officer, '等待第二人录入'],
    [scrutineer, '已确认'],
  ] as const) {
    await page.goto(`${election}/count`);
    await hydrated(page);
    const form = page.getByTestId('sheet-form');
    await form.locator('input[name="ballots_in_box"]').fill('1');
    await form.locator('input[name="blank_ballots"]').fill('1');
    for (const input of await form.locator('input[name^="counts[abstain-"]').all()) {
      await input.fill('1');
    }
    await noSidewaysScroll(page);
    await page.getByTestId('enter-sheet').click();
    await expect(page.getByTestId('done')).toBeVisible();
    // The box the sheet was for (the form chose the first box still to enter, not the first
    // box listed) now stands so.
    await expect(page.getByTestId('box-standing').filter({ hasText: standing }).first()).toBeVisible();
  }
  await officer.goto(`${election}/count`);
  await hydrated(officer);
  await expect(officer.getByTestId('participations')).toHaveText('4');
  await officer.getByTestId('publish-result').click();
  await expect(officer.getByTestId('publish-result')).toHaveCount(0);

  // Anyone reads the result; the voter finds their tracker on the board.
  const visitor = await (await browser.newContext({ ...PHONE, javaScriptEnabled: false })).newPage();
  await visitor.goto(`${election}/results`);
  await expect(visitor.getByTestId('ballots-cast')).toContainText('4');
  await expect(visitor.getByTestId('validity')).toContainText('选举无效');
  await noSidewaysScroll(visitor);
  await visitor.goto(`${election}/board?tracker=${tracker}`);
  await expect(visitor.getByTestId('tracker-found')).toContainText('找到了');
  await expect(visitor.getByTestId('counts-agree')).toHaveText('✓');

  // An independent recount of the board agrees with what was published.
  const board = await visitor.request.get(`${election}/board.json`);
  expect(board.status()).toBe(200);
  const file = join(mkdtempSync(join(tmpdir(), 'board-')), 'board.json');
  writeFileSync(file, await board.text());
  const output = execFileSync('../target/release/gongshang', ['recount', file], { encoding: 'utf8' });
  expect(output).toContain('the recount agrees with the published result');
});

test('the finished demo election shows its result, protocol and run-off', async ({ page }) => {
  const election = `/elections/${fixtures.elections.finished}`;
  await page.goto(`${election}/results`);
  await expect(page.getByTestId('validity')).toContainText('选举有效');
  await expect(page.getByTestId('elected').first()).toBeVisible();
  await expect(page.getByTestId('next-rounds')).toContainText('另行选举');
  await page.getByTestId('protocol-link').click();
  await expect(page.getByTestId('protocol')).toContainText('监票人');
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(0);
});
