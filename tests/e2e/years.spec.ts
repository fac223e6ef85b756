// Every year's campaign: the year in the address, the switcher, links that keep the year,
// past years, a year whose plan is not out, and the form filing under the next campaign.
import { test, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fillValid, toListEnd } from './helpers';

const ADMIN = { Authorization: 'Bearer e2e-admin-token-0123456789' };
const NEWEST = 2025;
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const years = (page: Page) => page.getByRole('navigation', { name: 'Kế hoạch các năm' });
const cards = (page: Page) => page.locator('.card');

// Today in Vietnam, and the campaign an initiative sent today joins (dxday_core::campaign):
// the newest plan's up to its 10/10, the next year's after it.
function vietnamToday(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}
// The campaign whose 10/10 comes next (dxday_core::campaign::filing_year).
const thisYear = Number(vietnamToday().slice(0, 4));
const nextCampaign = vietnamToday() > `${thisYear}-10-10` ? thisYear + 1 : thisYear;

test('without a year the newest plan shows; an older year, its filters and its activities survive back, forward and reload', async ({ page }) => {
  await page.goto('/');
  await expect(heading(page)).toContainText(`năm ${NEWEST}`);
  await expect(years(page).getByRole('link', { name: String(NEWEST) })).toHaveAttribute('aria-current', 'page');

  const y2022 = years(page).getByRole('link', { name: '2022' });
  await y2022.click();
  await expect(page).toHaveURL(/\/\?year=2022$/);
  await expect(heading(page)).toHaveText('Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia năm 2022');
  // 14 in the plan, and the approved initiatives the other specs add to its community group.
  await expect(page.locator('.summary')).toHaveText(/^Tất cả 1[4-9] hoạt động trong kế hoạch$/);
  const all = await page.locator('.summary').innerText();
  await expect(y2022).toHaveAttribute('aria-current', 'page');
  // The link used keeps the focus while the plan below it changes.
  await expect(y2022).toBeFocused();

  await page.getByRole('group', { name: 'Nhóm chủ trì' }).getByLabel(/^Địa phương \(3\)$/).check();
  await expect(page).toHaveURL(/\/\?year=2022&group=dia-phuong$/);
  await expect(cards(page)).toHaveCount(3);
  const first = cards(page).first().getByRole('link');
  const title = await first.innerText();
  await first.click();
  await expect(page).toHaveURL(/\/activities\/[a-z0-9-]+\?year=2022$/);
  await expect(heading(page)).toHaveText(title);

  await page.goBack();
  await expect(page).toHaveURL(/\/\?year=2022&group=dia-phuong$/);
  await expect(cards(page)).toHaveCount(3);
  await page.goBack();
  await expect(page).toHaveURL(/\/\?year=2022$/);
  await expect(page.locator('.summary')).toHaveText(all);
  await page.goBack();
  await expect(heading(page)).toContainText(`năm ${NEWEST}`);
  await page.goForward();
  await expect(heading(page)).toContainText('năm 2022');
  await page.goForward();
  await expect(cards(page)).toHaveCount(3);
  await page.goForward();
  await expect(heading(page)).toHaveText(title);
  await page.goBack();

  await page.reload();
  await expect(heading(page)).toHaveText('Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia năm 2022');
  await expect(page.getByRole('group', { name: 'Nhóm chủ trì' }).getByLabel(/^Địa phương/)).toBeChecked();
  await expect(cards(page)).toHaveCount(3);
});

test('switching year keeps the filters and moves the dates to the same days of that year', async ({ page }) => {
  await page.goto('/?year=2022&from=2022-10-01&to=2022-10-10&q=so');
  await years(page).getByRole('link', { name: '2024' }).click();
  await expect(page).toHaveURL(/\/\?year=2024&from=2024-10-01&to=2024-10-10&q=so$/);
  await expect(page.getByLabel('Từ ngày')).toHaveValue('2024-10-01');
  await expect(page.getByLabel('Tìm kiếm')).toHaveValue('so');
});

test('a past year says so and leads to the newest; the newest says what comes next', async ({ page }) => {
  await page.goto('/?year=2022');
  await expect(page.locator('.overview__countdown')).toHaveText('Ngày Chuyển đổi số quốc gia năm 2022 (10/10/2022) đã diễn ra.');
  await page.getByRole('link', { name: `Xem kế hoạch năm ${NEWEST}` }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?year=${NEWEST}$`));
  await expect(heading(page)).toContainText(`năm ${NEWEST}`);
  test.skip(nextCampaign === NEWEST, `the ${NEWEST} Day has not passed yet`);
  await expect(page.locator('.overview__next')).toContainText(`Kế hoạch năm ${nextCampaign} chưa được công bố`);
  await page.getByRole('link', { name: `Gửi sáng kiến cho năm ${nextCampaign}` }).click();
  await expect(page).toHaveURL(/\/initiatives\/new$/);
});

test("the 'today' preset of another year's plan is the same day in that year", async ({ page }) => {
  await page.goto('/?year=2022');
  await page.getByRole('button', { name: 'Ngày này năm 2022' }).click();
  const day = `2022${vietnamToday().slice(4)}`;
  await expect(page).toHaveURL(new RegExp(`from=${day}&to=${day}$`));
});

test('a year with no plan says so and links to the newest', async ({ page }) => {
  await page.goto('/?year=2026');
  await expect(heading(page)).toHaveText('Kế hoạch năm 2026 chưa được công bố.');
  await page.getByRole('link', { name: `Xem kế hoạch năm ${NEWEST}` }).click();
  await expect(heading(page)).toContainText(`năm ${NEWEST}`);
});

test('an activity is found in whichever year has it, and its address then names that year', async ({ page }) => {
  await page.goto('/activities/thong-diep-2024');
  await expect(heading(page)).toContainText('Thông điệp');
  await expect(page).toHaveURL(/\/activities\/thong-diep-2024\?year=2024$/);
  // Even when a link names another year.
  await page.goto('/activities/mua-sam-truc-tuyen-postmart-vo-so?year=2024');
  await expect(heading(page)).toHaveText('Thúc đẩy mua sắm trực tuyến trên sàn Postmart, Vỏ sò');
  await expect(page).toHaveURL(/\?year=2022$/);
  await page.getByRole('link', { name: 'Quay lại danh sách' }).click();
  await expect(page).toHaveURL(/\/\?year=2022$/);
});

test('the language switch, the about page, the downloads, the feed and the embed code keep the year', async ({ page }) => {
  await page.goto('/?year=2024&group=bo-tttt');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page).toHaveURL(/\?year=2024&group=bo-tttt&lang=en$/);
  await expect(heading(page)).toContainText('2024');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();

  await toListEnd(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lịch (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('ngay-chuyen-doi-so-2024.ics');
  const ics = readFileSync((await download.path())!, 'utf8').replace(/\r\n /g, '');
  expect(ics).toContain('activities/chien-dich-truyen-thong-2024?year=2024');

  const feed = page.getByRole('link', { name: 'Đăng ký theo dõi lịch' });
  const href = await feed.getAttribute('href');
  expect(href).toMatch(/api\/calendar\.ics\?year=2024&group=bo-tttt&lang=vi$/);
  const served = await (await page.request.get(href!)).text();
  expect(served).toContain('BEGIN:VCALENDAR');
  expect(served).toContain('DTSTART;VALUE=DATE:20240915');

  await page.getByRole('link', { name: 'Nhúng kế hoạch này vào trang của cơ quan' }).click();
  await expect(page.getByLabel('Mã nhúng')).toHaveValue(/data-group="bo-tttt" data-year="2024" data-lang="vi"/);
  await page.goBack();

  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Giới thiệu' }).click();
  await expect(page).toHaveURL(/\/about\?year=2024$/);
  await expect(heading(page)).toContainText('2024');
  await years(page).getByRole('link', { name: '2023' }).click();
  await expect(page).toHaveURL(/\/about\?year=2023$/);
  await expect(heading(page)).toContainText('2023');
});

test('past years open with no network after one visit', async ({ page, context }) => {
  await page.goto('/');
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  await context.setOffline(true);
  // Never opened online: the plan comes from the service worker's copy of the plan file.
  await years(page).getByRole('link', { name: '2023' }).click();
  await expect(heading(page)).toContainText('2023');
  await expect(page.locator('.summary')).toHaveText('Tất cả 2 hoạt động trong kế hoạch');
  await page.goto('/?year=2024');
  await expect(page.locator('.summary')).toHaveText('Tất cả 16 hoạt động trong kế hoạch');
  await context.setOffline(false);
});

test('the form files under the next campaign, says when its plan is not out, and moderators filter by year', async ({ page, request }, testInfo) => {
  const title = `Sáng kiến cho đợt hưởng ứng năm ${nextCampaign}, lần ${testInfo.repeatEachIndex + 1}`;
  await page.goto('/initiatives/new');
  if (nextCampaign > NEWEST) {
    await expect(page.locator('.form__campaign')).toContainText(`Kế hoạch năm ${nextCampaign} chưa được công bố`);
  } else {
    await expect(page.locator('.form__campaign')).toHaveText(`Sáng kiến được ghi nhận vào kế hoạch năm ${NEWEST}.`);
  }
  await fillValid(page, title);
  await page.getByRole('button', { name: 'Gửi sáng kiến' }).click();
  await expect(page.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' })).toBeVisible();
  const queue = async (year: number) => {
    const res = await request.get(`/api/admin/initiatives?status=pending&year=${year}`, { headers: ADMIN });
    expect(res.status()).toBe(200);
    return (await res.json()).items.filter((i: any) => i.public.title === title);
  };
  await expect.poll(async () => (await queue(nextCampaign)).length).toBe(1);
  expect((await queue(nextCampaign))[0].public.plan_year).toBe(nextCampaign);
  expect(await queue(2022)).toHaveLength(0);

  await page.goto('/admin');
  await page.getByLabel('Mã truy cập của cán bộ kiểm duyệt').fill('e2e-admin-token-0123456789');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const card = page.locator('.card').filter({ hasText: title });
  await expect(card).toBeVisible();
  await page.getByLabel('Năm kế hoạch').selectOption('2022');
  await expect(card).toHaveCount(0);
  await page.getByLabel('Năm kế hoạch').selectOption(String(nextCampaign));
  await expect(card).toContainText(`Năm kế hoạch: ${nextCampaign}`);
});
