import { test, expect, Page } from '@playwright/test';
import { toListEnd } from './helpers';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer } from './server';

// The summary sentence says what is shown; its first number is the count of activities.
async function shownCount(page: Page): Promise<number> {
  const text = await page.locator('.summary').innerText();
  return Number(text.match(/\d+/)![0]);
}

const cards = (page: Page) => page.locator('.card');
const groups = (page: Page) => page.getByRole('group', { name: 'Nhóm chủ trì' });
const orgs = (page: Page) => page.getByRole('group', { name: 'Đơn vị' });

test('ticking the Đoàn TNCS group shows only its activity', async ({ page }) => {
  await page.goto('/?year=2022');
  await expect(page.locator('.summary')).toContainText('Tất cả 14 hoạt động');
  await groups(page).getByLabel(/^Đoàn TNCS Hồ Chí Minh \(1\)$/).check();
  await expect(page).toHaveURL(/group=doan-thanh-nien/);
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toContainText('Đoàn TNCS Hồ Chí Minh');
  await expect(page.locator('.summary')).toHaveText('1 hoạt động thuộc nhóm Đoàn TNCS Hồ Chí Minh');
});

test('choosing the Ministry includes the activities of its units', async ({ page }) => {
  await page.goto('/?year=2022');
  await orgs(page).getByRole('checkbox', { name: /^Bộ Thông tin và Truyền thông/ }).check();
  await expect(page).toHaveURL(/org=bo-tttt/);
  await expect(cards(page)).toHaveCount(4);
  await expect(page.getByRole('link', { name: 'Thúc đẩy mua sắm trực tuyến trên sàn Postmart, Vỏ sò' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Thúc đẩy dịch vụ chứng thực chữ ký số' })).toBeVisible();
  await expect(page.locator('.summary')).toHaveText('4 hoạt động của Bộ Thông tin và Truyền thông');
});

test('the "cả tháng 10" preset keeps dated activities and says the dates', async ({ page }) => {
  await page.goto('/?year=2022');
  await page.getByRole('button', { name: 'Cả tháng 10' }).click();
  await expect(page).toHaveURL(/from=2022-10-01&to=2022-10-31/);
  await expect(cards(page)).toHaveCount(3);
  await expect(page.locator('.summary')).toHaveText('3 hoạt động từ 01/10/2022 đến 31/10/2022');
  await expect(page.getByLabel('Từ ngày')).toHaveValue('2022-10-01');
});

test('typing without diacritics finds chữ ký số', async ({ page }) => {
  await page.goto('/?year=2022');
  await page.getByLabel('Tìm kiếm').fill('chu ky so');
  await expect(page).toHaveURL(/q=chu%20ky%20so/);
  await expect(cards(page).first()).toContainText('chữ ký số');
  expect(await shownCount(page)).toBeLessThan(14);
  await page.getByLabel('Tìm kiếm').fill('xyzzy');
  await expect(page.getByText('Không có hoạt động nào khớp với bộ lọc.')).toBeVisible();
  // Each box says how many it would show with the search: none now, one again after it.
  await expect(groups(page).getByLabel(/^Đoàn TNCS Hồ Chí Minh \(0\)$/)).toBeVisible();
  await page.getByLabel('Tìm kiếm').fill('');
  await expect(groups(page).getByLabel(/^Đoàn TNCS Hồ Chí Minh \(1\)$/)).toBeVisible();
});

test('a shared link reproduces the view, and each filter can be lifted', async ({ page }) => {
  await page.goto('/?year=2022&org=bo-tttt&from=2022-10-20&to=2022-10-25&q=mua');
  await expect(cards(page)).toHaveCount(1);
  await expect(orgs(page).getByRole('checkbox', { name: /^Bộ Thông tin và Truyền thông/ })).toBeChecked();
  await expect(page.getByLabel('Tìm kiếm')).toHaveValue('mua');
  await page.getByRole('button', { name: 'Bỏ lọc: “mua”' }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(cards(page)).toHaveCount(2);
});

test('back and forward restore the filters', async ({ page }) => {
  await page.goto('/?year=2022');
  await groups(page).getByLabel(/^Địa phương \(3\)$/).check();
  await expect(cards(page)).toHaveCount(3);
  await page.getByRole('button', { name: '1–10/10' }).click();
  await expect(page.getByText('Không có hoạt động nào khớp với bộ lọc.')).toBeVisible();
  await page.goBack();
  await expect(cards(page)).toHaveCount(3);
  await expect(page).not.toHaveURL(/from=/);
  await page.goBack();
  await expect(cards(page)).toHaveCount(14);
  await page.goForward();
  await expect(groups(page).getByLabel(/^Địa phương/)).toBeChecked();
});

test('pages of the plan open without a page load, the forms with their own, and Back follows', async ({ page }) => {
  const plans: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/plans/')) plans.push(r.url()); });
  const documents: string[] = [];
  const wasm: string[] = [];
  const css: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents.push(new URL(r.url()).pathname);
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
    if (r.url().endsWith('.css')) css.push(new URL(r.url()).pathname);
  });
  // The newest plan, which the page preloads.
  await page.goto('/?q=hoc+tap');
  await expect(cards(page).first()).toBeVisible();
  // The plan is asked for once: the page's preload, which the app's own request then takes.
  expect(plans).toHaveLength(1);
  // A first visit loads the plan's main wasm and no other module: what comes after the
  // list is in it, drawn near the list's end (here the list is short, so at once), and
  // the outbox's module is fetched only when a submission waits in it.
  expect(wasm[0]).toMatch(/^\/dxday-[0-9a-f]{16}_bg\.wasm$/);
  await expect(page.getByRole('button', { name: 'Lịch (.ics)' })).toBeVisible();
  expect(wasm).toHaveLength(1);
  // And one style sheet: the style of the parts drawn on demand (later.css) is not fetched.
  expect(css).toEqual([expect.stringMatching(/^\/style-[0-9a-f]{16}\.css$/)]);
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await expect(nav.getByRole('link', { name: 'Kế hoạch' })).toHaveAttribute('aria-current', 'page');

  await nav.getByRole('link', { name: 'Giới thiệu' }).click();
  await expect(page).toHaveURL(/\/about$/);
  // The about page's own module, loaded when it is first opened.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(wasm.some((w) => w.includes('-about_page-'))).toBe(true);
  // With it, the style of the parts drawn on demand, once.
  expect(css.filter((c) => /^\/later-[0-9a-f]{16}\.css$/.test(c))).toHaveLength(1);
  await expect(nav.getByRole('link', { name: 'Giới thiệu' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Kế hoạch' })).not.toHaveAttribute('aria-current', 'page');
  await page.goBack();
  await expect(page).toHaveURL(/\/\?q=hoc\+tap$/);
  await expect(page.getByLabel('Tìm kiếm')).toHaveValue('hoc tap');
  // Within the plan: no page load, and the plan is not asked for again.
  expect(documents).toEqual(['/']);
  expect(plans).toHaveLength(1);

  // The forms are the other part of the app: their page and wasm load when opened.
  await nav.getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
  await expect(page).toHaveURL(/\/initiatives\/track$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Tra cứu hồ sơ' })).toHaveAttribute('aria-current', 'page');
  expect(documents).toEqual(['/', '/initiatives/track']);
  expect(wasm.some((w) => w.includes('dxday-forms-'))).toBe(true);
  await page.goBack();
  await expect(page).toHaveURL(/\/\?q=hoc\+tap$/);
  await expect(page.getByLabel('Tìm kiếm')).toHaveValue('hoc tap');
});

test('what comes after a long list is drawn when the reader scrolls near it', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?year=2022');
  await expect(cards(page)).toHaveCount(14);
  await expect(page.getByRole('button', { name: 'Lịch (.ics)' })).toHaveCount(0);
  await toListEnd(page);
  await expect(page.getByRole('button', { name: 'Lịch (.ics)' })).toBeVisible();
  // From the main module: nothing more was fetched for it.
  expect(wasm).toHaveLength(1);
});

test('a long list shows 40 activities at a time, and "Xem thêm" keeps the focus of a reader who presses it', async ({ page }) => {
  // A plan of 100 activities (dxday-synth, built beside the server), served on its own.
  const plans = mkdtempSync(join(tmpdir(), 'dxday-plans-'));
  execFileSync(join(dirname(process.env.DXDAY_SERVER_BIN!), 'dxday-synth'), ['data/plans/2022.json', '100', join(plans, '2022.json')]);
  const server = await startServer({ plans });
  try {
    await page.goto(`${server.url}/?year=2022`);
    await expect(page.locator('.summary')).toContainText('100 hoạt động');
    await expect(cards(page)).toHaveCount(40);
    await page.getByRole('button', { name: 'Xem thêm 40 hoạt động' }).focus();
    await page.keyboard.press('Enter');
    await expect(cards(page)).toHaveCount(80);
    // The same button, still focused, now offers the last 20.
    await expect(page.getByRole('button', { name: 'Xem thêm 20 hoạt động' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(cards(page)).toHaveCount(100);
    await expect(page.locator('.more')).toHaveCount(0);
    // A new filter starts again at the first page.
    await page.getByRole('group', { name: 'Nhóm chủ trì' }).getByRole('checkbox').first().check();
    await expect(cards(page)).not.toHaveCount(100);
    expect(await cards(page).count()).toBeLessThanOrEqual(40);
  } finally {
    await server.stop();
    rmSync(plans, { recursive: true, force: true });
  }
});

test('the October timeline draws a row per dated activity when opened, and follows the filters', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto('/?year=2022');
  await expect(cards(page)).toHaveCount(14);
  await toListEnd(page);
  const toggle = page.getByRole('button', { name: 'Lịch hoạt động tháng 10' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  const rows = page.locator('.timeline__row');
  await expect(rows).toHaveCount(0);
  // Its rows are a module of their own, fetched when it is first opened.
  expect(wasm.some((w) => w.includes('-timeline_rows-'))).toBe(false);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(rows).toHaveCount(3);
  expect(wasm.some((w) => w.includes('-timeline_rows-'))).toBe(true);
  // Drawn with their style (later.css, fetched with the module): each track is a grid of
  // the month's 31 days, and its bars are drawn in it.
  await expect(rows.first().locator('.timeline__track')).toHaveCSS('display', 'grid');
  expect((await rows.first().locator('.bar').first().boundingBox())?.height).toBeGreaterThan(0);
  // Each row says its dates in words; the bars only repeat them.
  const postmart = rows.filter({ hasText: 'Postmart' });
  await expect(postmart).toContainText('01/10/2022 – 10/10/2022, hoặc 01/10/2022 – 31/10/2022');
  await expect(postmart.locator('.bar')).toHaveCount(2);
  await expect(page.locator('.timeline__note')).toHaveText('11 hoạt động chưa có thời gian cụ thể không hiển thị trên lịch.');
  await page.getByLabel('Tìm kiếm').fill('chu ky so');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole('link')).toHaveText('Thúc đẩy dịch vụ chứng thực chữ ký số');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(rows).toHaveCount(0);
});

test.describe('without the service worker', () => {
  // As when the network drops before the service worker has kept the about page's module
  // (a service worker's own fetches and answers are not routed through the page).
  test.use({ serviceWorkers: 'block' });
  test('a part of the app that cannot be fetched says so, and the rest goes on working', async ({ page }) => {
    await page.route(/-about_page-[0-9a-f]+\.wasm$/, (route) => route.abort('internetdisconnected'));
    await page.goto('/?year=2022');
    await expect(cards(page)).toHaveCount(14);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Giới thiệu' }).click();
    await expect(page.getByRole('alert')).toHaveText('Chưa tải được phần này của trang. Vui lòng kiểm tra kết nối mạng rồi tải lại trang.');
    await nav.getByRole('link', { name: 'Kế hoạch' }).click();
    await expect(cards(page)).toHaveCount(14);
    await page.getByLabel('Tìm kiếm').fill('chu ky so');
    await expect(cards(page).first()).toContainText('chữ ký số');
  });

  test('a download whose writers cannot be fetched says so, and starts on the next click once they can', async ({ page }) => {
    let refuse = true;
    await page.route(/-write_download-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/?year=2022&org=bo-tttt');
    await toListEnd(page);
    const ics = page.getByRole('button', { name: 'Lịch (.ics)' });
    await ics.click();
    await expect(page.locator('.after-list').getByRole('alert')).toHaveText('Chưa tải được phần này của trang. Vui lòng kiểm tra kết nối mạng rồi tải lại trang.');
    refuse = false;
    const [download] = await Promise.all([page.waitForEvent('download'), ics.click()]);
    expect(download.suggestedFilename()).toBe('ngay-chuyen-doi-so-2022.ics');
    await expect(page.locator('.after-list').getByRole('alert')).toHaveCount(0);
  });

  test('a timeline whose rows cannot be fetched says so, and opens on the next click once they can', async ({ page }) => {
    let refuse = true;
    await page.route(/-timeline_rows-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/?year=2022');
    await expect(cards(page)).toHaveCount(14);
    await toListEnd(page);
    const toggle = page.getByRole('button', { name: 'Lịch hoạt động tháng 10' });
    await toggle.click();
    await expect(page.locator('.timeline').getByRole('alert')).toHaveText('Chưa tải được phần này của trang. Vui lòng kiểm tra kết nối mạng rồi tải lại trang.');
    refuse = false;
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('.timeline__row')).toHaveCount(3);
    await expect(page.locator('.timeline').getByRole('alert')).toHaveCount(0);
  });
});

test('an activity page shows its lead, partners, dates and source', async ({ page }) => {
  await page.goto('/?year=2022');
  await page.getByRole('link', { name: 'Thúc đẩy mua sắm trực tuyến trên sàn Postmart, Vỏ sò' }).click();
  await expect(page).toHaveURL(/\/activities\/mua-sam-truc-tuyen-postmart-vo-so\?year=2022$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thúc đẩy mua sắm trực tuyến trên sàn Postmart, Vỏ sò');
  const facts = page.locator('.facts');
  await expect(facts).toContainText('Vụ Bưu chính');
  await expect(facts).toContainText('Postmart');
  await expect(facts).toContainText('01/10/2022 – 10/10/2022, hoặc 01/10/2022 – 31/10/2022');
  await expect(facts).toContainText('16/06/2022');
  // An undated activity says so instead of inventing a date.
  // The server writes the activity into the page's shell too, and for a frame both are in
  // the page: what is read here is the app's, once the shell is gone.
  await page.goto('/activities/ke-hoach-rieng-dia-phuong?year=2022');
  await expect(page.getByRole('button', { name: 'Chia sẻ', exact: true })).toBeVisible();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(page.locator('.facts')).toContainText('Kế hoạch chưa nêu thời gian');
  await expect(page.getByRole('button', { name: 'Thêm vào lịch' })).toHaveCount(0);
});

test('the calendar download holds exactly the filtered, dated activities', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto('/?year=2022&org=bo-tttt');
  await toListEnd(page);
  await expect(page.getByRole('button', { name: 'Lịch (.ics)' })).toBeVisible();
  // The writers of the downloads are a module of their own, fetched on the first click.
  expect(wasm.some((w) => w.includes('-write_download-'))).toBe(false);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lịch (.ics)' }).click(),
  ]);
  expect(wasm.some((w) => w.includes('-write_download-'))).toBe(true);
  expect(download.suggestedFilename()).toBe('ngay-chuyen-doi-so-2022.ics');
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);
  for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const unfolded = ics.replace(/\r\n /g, '');
  expect(unfolded).toContain('SUMMARY:Thúc đẩy dịch vụ chứng thực chữ ký số');
  expect(unfolded).toContain('DTSTART;VALUE=DATE:20221001');
  expect(unfolded).toContain('DTEND;VALUE=DATE:20221011');
});

test('the JSON download holds exactly the filtered activities, as the plan file has them', async ({ page }) => {
  await page.goto('/?year=2022&org=bo-tttt');
  const shown = await shownCount(page);
  await toListEnd(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Dữ liệu (.json)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('ngay-chuyen-doi-so-2022.json');
  const text = readFileSync((await download.path())!, 'utf8');
  // Indented for people who open it, two spaces a level.
  expect(text.startsWith('{\n  "year": 2022,\n  "query": "')).toBe(true);
  const json = JSON.parse(text);
  expect(json.query).toContain('org=bo-tttt');
  expect(json.activities).toHaveLength(shown);
  // Each activity as written in the plan file, field for field, Vietnamese as it is.
  const plan = JSON.parse(readFileSync('data/plans/2022.json', 'utf8'));
  for (const activity of json.activities) {
    expect(activity).toEqual(plan.activities.find((a: any) => a.id === activity.id));
  }
  expect(text).toContain('Thúc đẩy dịch vụ chứng thực chữ ký số');
});

test('a plan of a file format this app does not read is not shown: the page says so, and a retry loads it', async ({ page, request }) => {
  const plan = await (await request.get('/api/plans/2025')).json();
  let broken = true;
  // The API and the static copy the app falls back on both answer with a newer format.
  await page.route(/\/(api\/plans\/2025|data\/plans\/2025\.json)$/, async (route) => {
    if (!broken) return route.continue();
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...plan, schema_version: plan.schema_version + 1 }) });
  });
  await page.goto('/');
  const alert = page.getByRole('alert').filter({ hasText: 'Chưa tải được kế hoạch' });
  await expect(alert).toBeVisible();
  await expect(cards(page)).toHaveCount(0);
  broken = false;
  await alert.getByRole('button').click();
  await expect(cards(page).first()).toBeVisible();
});

// As on a first visit with no network, before the service worker keeps the plans (its own
// fetches are not routed through the page).
test.describe('with no network and nothing kept', () => {
  test.use({ serviceWorkers: 'block' });
  test('a plan that cannot be fetched says so, and "Thử lại" shows it once the network is back', async ({ page }) => {
    let offline = true;
    await page.route(/\/(api|data)\/plans\//, (route) => (offline ? route.abort() : route.continue()));
    await page.goto('/?year=2022');
    const notice = page.getByRole('alert').filter({ hasText: 'Chưa tải được kế hoạch' });
    await expect(notice).toBeVisible();
    await expect(page.locator('.card')).toHaveCount(0);
    offline = false;
    await notice.getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.locator('.summary')).toContainText('Tất cả 14 hoạt động');
    await expect(notice).toHaveCount(0);
  });

  test('an activity whose plans cannot be fetched says so, and "Thử lại" opens it once the network is back', async ({ page }) => {
    let offline = true;
    await page.route(/\/(api|data)\/plans\//, (route) => (offline ? route.abort() : route.continue()));
    // An old link, without the year: every year's plan is asked for, and none answers.
    await page.goto('/activities/chung-thuc-chu-ky-so');
    const notice = page.getByRole('alert').filter({ hasText: 'Chưa tải được kế hoạch' });
    await expect(notice).toBeVisible();
    offline = false;
    await notice.getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Thúc đẩy dịch vụ chứng thực chữ ký số' })).toBeVisible();
    await expect(page).toHaveURL(/year=2022/);
    await expect(notice).toHaveCount(0);
  });
});
