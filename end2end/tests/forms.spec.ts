// Every form that changes something works as a plain HTML form, JavaScript off (issue 17): an
// officer's phone without JavaScript posts each one once refused, seeing the reason and what
// they typed kept, and once accepted, seeing what happened. Only enrolling needs JavaScript
// (WebAuthn); the session is then carried into a browser that runs none. Paper tally entry,
// refused and accepted, is in the elections journey, once the polls have closed.
import { expect, type Page } from '@playwright/test';
import { enrol, fixtures, test, virtualAuthenticator } from './fixtures';

const PHONE = { viewport: { width: 360, height: 740 }, locale: 'zh-CN' } as const;
const HEADER = '姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n';

/// The reason of a refusal, on the page the form came back to.
async function refused(page: Page) {
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.locator('.form-error').first()).not.toBeEmpty();
}

test('every form posts without JavaScript: refused with what was typed kept, then accepted', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await virtualAuthenticator(page);
  await enrol(page, fixtures.forms, '表单测试员');
  const plain = await (
    await browser.newContext({
      ...PHONE,
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
    })
  ).newPage();

  // The register import: a file chosen (read on the server, there being no script) with
  // errors is listed line by line and its text kept; then corrected and imported.
  const extract = `${HEADER}表单乙,1970-05-06,女,F901,第一网格,一组,否,户籍\n表单丙,1970-13-40,男,F902,第一网格,一组,否,户籍\n`;
  await plain.goto('/staff/import');
  await plain.getByTestId('import-file').setInputFiles({
    name: '户籍导出.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\ufeff${extract}`, 'utf8'),
  });
  await plain.getByRole('button', { name: '预览' }).click();
  await expect(plain.getByTestId('import-errors')).toContainText('出生日期');
  await expect(plain.getByTestId('import-text')).toHaveValue(extract);
  await plain.getByTestId('import-text').fill(extract.replace('1970-13-40', '1970-12-04'));
  await plain.getByRole('button', { name: '预览' }).click();
  await plain.getByTestId('import-confirm').click();
  await expect(plain.getByTestId('import-done')).toContainText('2');

  // A role: a term ending before it starts is refused, the dates kept; then granted and ended.
  await plain.goto('/staff/people?q=表单乙');
  await plain.getByTestId('people').getByText('表单乙').click();
  const grant = plain.getByTestId('grant-form');
  await grant.locator('select[name="role"]').selectOption('member_unit_rep');
  await grant.locator('input[name="from"]').fill('2031-01-01');
  await grant.locator('input[name="until"]').fill('2030-01-01');
  await grant.getByRole('button').click();
  await refused(plain);
  await expect(plain.getByTestId('grant-form').locator('input[name="until"]')).toHaveValue('2030-01-01');
  await expect(plain.getByTestId('grant-form').locator('select[name="role"]')).toHaveValue('member_unit_rep');
  // A term that began earlier stays on the record, struck through, once ended.
  await plain.getByTestId('grant-form').locator('input[name="from"]').fill('2025-01-01');
  await plain.getByTestId('grant-form').locator('input[name="until"]').fill('');
  await plain.getByTestId('grant-form').getByRole('button').click();
  await expect(plain.getByTestId('done')).toBeVisible();
  await expect(plain.getByTestId('grants')).toContainText('驻区单位代表');
  await plain.getByTestId('end-role').first().click();
  await expect(plain.getByTestId('grants').locator('li.ended')).toHaveCount(1);

  // An invitation: the card is shown once, on the page the form answered.
  await plain.getByTestId('invite-form').getByRole('button').click();
  await expect(plain.getByTestId('invitation-card')).toContainText('表单乙');

  // The community rules: a number that is not one is refused and kept; a valid one saved.
  await plain.goto('/staff/rules');
  const age = plain.locator('input[name="rules[voting_age]"]');
  const lawful = await age.inputValue();
  await age.fill('十八岁');
  await plain.getByTestId('rules-form').getByRole('button').click();
  await refused(plain);
  await expect(plain.locator('input[name="rules[voting_age]"]')).toHaveValue('十八岁');
  await plain.locator('input[name="rules[voting_age]"]').fill(lawful);
  await plain.getByTestId('rules-form').getByRole('button').click();
  await expect(plain.getByTestId('done')).toContainText('已保存');

  // A notice: a last day under the minimum display period is refused with everything kept;
  // a draft is saved half-written; the notice is published, then corrected.
  await plain.goto('/notices/new');
  await plain.getByTestId('notice-kind').selectOption('general');
  await plain.getByTestId('notice-title-input').fill('表单停电通知');
  await plain.getByTestId('notice-body-input').fill('周三 9:00–11:00 停电。');
  await plain.locator('input[name="ends_on"]').fill('2020-01-01');
  // A file goes with the plain form too, and a refused form keeps it.
  await plain.getByTestId('notice-files').setInputFiles({
    name: '停电 范围 1+1.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% plain form\n'),
  });
  await plain.getByTestId('publish-notice').click();
  await refused(plain);
  await expect(plain.getByTestId('kept-files')).toContainText('停电 范围 1+1.pdf');
  await expect(plain.getByTestId('notice-title-input')).toHaveValue('表单停电通知');
  await expect(plain.getByTestId('notice-body-input')).toHaveValue('周三 9:00–11:00 停电。');
  await expect(plain.getByTestId('notice-kind')).toHaveValue('general');
  await plain.getByTestId('save-draft').click();
  await expect(plain.getByTestId('draft-saved')).toBeVisible();
  await expect(plain.getByTestId('notice-title-input')).toHaveValue('表单停电通知');
  // A draft keeps no files: chosen again before publishing.
  await plain.getByTestId('notice-files').setInputFiles({
    name: '停电 范围 1+1.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% plain form\n'),
  });
  await plain.locator('input[name="ends_on"]').fill('');
  await plain.getByTestId('publish-notice').click();
  await expect(plain).toHaveURL(/\/notices\/[0-9a-f]{32}\?done=publish_notice$/);
  await expect(plain.getByTestId('notice-title')).toHaveText('表单停电通知');
  await expect(plain.getByTestId('notice-attachments')).toContainText('停电 范围 1+1.pdf');
  const correct = plain.getByTestId('correct-form');
  await correct.getByLabel('正文').fill('改为周四 9:00–11:00 停电。');
  await correct.locator('input[name="ends_on"]').fill('2020-01-01');
  await correct.getByRole('button').click();
  await refused(plain);
  await expect(plain.getByTestId('correct-form').getByLabel('正文')).toHaveValue('改为周四 9:00–11:00 停电。');
  await plain.getByTestId('correct-form').locator('input[name="ends_on"]').fill('');
  await plain.getByTestId('correct-form').getByRole('button').click();
  await expect(plain.getByTestId('notice-body')).toContainText('周四');

  // A new election on a day already past is refused, the title and places kept.
  await plain.goto('/elections/new');
  const create = plain.getByTestId('create-election');
  await create.getByLabel('标题').fill('表单测试选举');
  await create.getByLabel('投票站').first().fill('表单活动室');
  const earliest = await create.locator('input[name="election_day"]').inputValue();
  await create.locator('input[name="election_day"]').fill('2020-03-01');
  await create.getByRole('button').click();
  await refused(plain);
  await expect(plain.getByTestId('create-election').getByLabel('标题')).toHaveValue('表单测试选举');
  await expect(plain.getByTestId('create-election').getByLabel('投票站').first()).toHaveValue('表单活动室');
  // Then created, with the suggested day: the desk of the new election opens.
  await plain.getByTestId('create-election').locator('input[name="election_day"]').fill(earliest);
  await plain.getByTestId('create-election').getByRole('button').click();
  await expect(plain).toHaveURL(/\/elections\/[0-9a-f]{32}\/office$/);

  // The desk of an election still being prepared (the committee is settled before the polls
  // open): a committee member nobody can find is refused and kept.
  const member = plain.getByTestId('add-member');
  await member.locator('input[name="person"]').fill('查无此人');
  await member.getByRole('button').click();
  await refused(plain);
  await expect(plain.getByTestId('add-member').locator('input[name="person"]')).toHaveValue('查无此人');

  // A draft deleted from the list (publishing the one above deleted it).
  await plain.goto('/notices/new');
  await plain.getByTestId('notice-kind').selectOption('general');
  await plain.getByTestId('notice-title-input').fill('表单要删的草稿');
  await plain.getByTestId('save-draft').click();
  await plain.goto('/notices/new');
  await plain.getByTestId('notice-draft').filter({ hasText: '表单要删的草稿' }).getByTestId('discard-draft').click();
  await expect(plain.getByTestId('done')).toBeVisible();
  await expect(plain.getByTestId('notice-drafts')).toHaveCount(0);
  await plain.context().close();
});
