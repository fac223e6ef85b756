// The app on a phone, as most citizens open it (390 × 844, touch): the plan on the first
// screen, the header on one line with its menu, the filters in a sheet. And what the form
// says after sending, online and offline, on a phone and on a desktop.
import { test, expect, Page } from '@playwright/test';
import { fillValid, tabTo } from './helpers';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const sheet = (page: Page) => page.getByRole('dialog', { name: 'Lọc hoạt động' });
const filterButton = (page: Page) => page.getByRole('button', { name: /^Lọc/ });

// Whether the element with keyboard focus is inside the filter sheet.
const focusInSheet = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));

test.describe('on a phone', () => {
  test.use(PHONE);

  test('the first activity of the plan is on the first screen', async ({ page }) => {
    for (const route of ['/', '/?year=2022', '/?year=2024']) {
      await page.goto(route);
      const first = page.locator('.card').first();
      await expect(first).toBeVisible();
      // Its title is on the screen without scrolling; the key dates are one tap away.
      const title = await first.locator('.card__title').boundingBox();
      expect(title, route).not.toBeNull();
      expect(title!.y + title!.height, route).toBeLessThanOrEqual(844);
      expect(await page.evaluate(() => window.scrollY), route).toBe(0);
    }
    await page.getByText('Các mốc thời gian').click();
    await expect(page.locator('.key-dates li').first()).toBeVisible();
  });

  test('the header is one line, the same before and after the app starts', async ({ page }) => {
    // Before the wasm arrives: the static shell of index.html.
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto('/about');
    const shell = await page.locator('#shell .site-header').boundingBox();
    await page.unroute('**/*.wasm');
    await page.goto('/about');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('#shell')).toHaveCount(0);
    const app = await page.locator('.site-header').boundingBox();
    expect(shell!.height).toBeLessThanOrEqual(64);
    expect(app!.height).toBe(shell!.height);
    // The navigation waits behind the menu button.
    await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
  });

  test('on the narrowest phone the name takes two lines and the header still fits in 64 px', async ({ page }) => {
    // 320 px wide (an older iPhone SE): the name no longer fits beside the menu button with
    // any font, as it does not at 390 px either where DejaVu Sans is the only font.
    await page.setViewportSize({ width: 320, height: 568 });
    await page.goto('/about');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const name = await page.locator('.site-title').boundingBox();
    const menu = await page.getByRole('button', { name: 'Menu' }).boundingBox();
    const header = await page.locator('.site-header').boundingBox();
    expect(name!.height).toBeGreaterThan(30);
    expect(header!.height).toBeLessThanOrEqual(64);
    // The menu button is on the same row, beside the name, not under it.
    expect(menu!.y).toBeLessThan(name!.y + name!.height);
    expect(menu!.x).toBeGreaterThan(name!.x + name!.width - 1);
  });

  test('the header menu works with the keyboard: open, move, Esc, and focus back on its button', async ({ page }) => {
    await page.goto('/?year=2022');
    await expect(page.locator('.card').first()).toBeVisible();
    const menu = page.getByRole('button', { name: 'Menu' });
    await tabTo(page, menu, 5);
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await expect(nav).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(nav.getByRole('link', { name: 'Kế hoạch' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
    // Again, on to the language, then to a page: the menu closes behind the choice.
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Switch to English' }), 6);
    await page.keyboard.press('Shift+Tab');
    await expect(nav.getByRole('link', { name: 'Giới thiệu' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/about\?year=2022$/);
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
  });

  test('the filter sheet: a group chosen inside it changes the results behind it, and Esc or "Xem" close it', async ({ page }) => {
    const wasm: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
    await page.goto('/?year=2022');
    await expect(page.locator('.card').first()).toBeVisible();
    // The side panel is not on the page; its button is, and says nothing is on.
    await expect(page.locator('aside.filters')).toHaveCount(0);
    await expect(filterButton(page)).toHaveText('Lọc');
    const all = await page.locator('.summary').innerText();
    // The sheet's own module comes with the first press, not with the page.
    expect(wasm.some((w) => w.includes('-filter_sheet-'))).toBe(false);
    await filterButton(page).click();
    await expect(sheet(page)).toBeVisible();
    expect(wasm.some((w) => w.includes('-filter_sheet-'))).toBe(true);
    await expect(sheet(page).getByRole('heading', { name: 'Lọc hoạt động' })).toBeVisible();
    expect(await focusInSheet(page)).toBe(true);
    const show = sheet(page).getByRole('button', { name: /^Xem \d+ hoạt động$/ });
    const before = await show.innerText();
    await sheet(page).getByRole('group', { name: 'Nhóm chủ trì' }).getByRole('checkbox', { name: /^Đoàn TNCS Hồ Chí Minh/ }).check();
    await expect(page).toHaveURL(/group=/);
    // Behind the sheet, the sentence has already changed, and so has the button's count.
    await expect(page.locator('.summary')).not.toHaveText(all);
    await expect(show).not.toHaveText(before);
    const count = (await show.innerText()).match(/\d+/)![0];
    // Tab never leaves the sheet while it is open.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInSheet(page), `Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInSheet(page), `Shift+Tab ${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(sheet(page)).toBeHidden();
    await expect(filterButton(page)).toBeFocused();
    await expect(filterButton(page)).toHaveAccessibleName('Lọc (đang áp dụng 1 bộ lọc)');
    await expect(page.locator('.card')).toHaveCount(Number(count));
    // Open again and close with the button that says how many there are.
    await filterButton(page).click();
    await sheet(page).getByRole('button', { name: `Xem ${count} hoạt động` }).click();
    await expect(sheet(page)).toBeHidden();
    await expect(filterButton(page)).toBeFocused();
  });

  test('the sentence, its chips and the filter button stay on screen while the list scrolls', async ({ page }) => {
    await page.goto('/?year=2024&from=2024-01-01&to=2024-12-31');
    await expect(page.locator('.card').first()).toBeVisible();
    await page.locator('.card').last().scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    await expect(filterButton(page)).toBeInViewport();
    await expect(page.locator('.summary')).toBeInViewport();
    await expect(page.getByRole('button', { name: /^Bỏ lọc: / })).toBeInViewport();
    // The chip still lifts its filter from down there.
    await page.getByRole('button', { name: /^Bỏ lọc: / }).click();
    await expect(page).not.toHaveURL(/from=/);
  });

  test('the widget keeps its filters in the page, with no sheet', async ({ page }) => {
    await page.goto('/?embed=1&year=2022&org=doan-tncs-ho-chi-minh');
    await expect(page.locator('.card').first()).toBeVisible();
    await expect(page.locator('aside.filters')).toBeVisible();
    await expect(filterButton(page)).toHaveCount(0);
    await expect(page.locator('.site-header')).toBeHidden();
  });
});

test('from tablet width up the filters stay a side panel', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto('/?year=2022');
  await expect(page.locator('aside.filters')).toBeVisible();
  await expect(filterButton(page)).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
  // Made narrow (a tablet turned, a window resized), the page switches to the sheet.
  await page.setViewportSize({ width: 600, height: 900 });
  await expect(filterButton(page)).toBeVisible();
  await expect(page.locator('aside.filters')).toHaveCount(0);
});

for (const [device, size] of [['phone', PHONE], ['desktop', { viewport: { width: 1280, height: 800 } }]] as const) {
  test.describe(`sending on a ${device}`, () => {
    test.use(size);

    test('online: the page says it was sent and shows the tracking code, with focus on it', async ({ page }) => {
      await page.goto('/initiatives/new');
      await fillValid(page, `Tổ công nghệ số cộng đồng thôn Đông (${device})`);
      await page.getByRole('button', { name: 'Gửi sáng kiến' }).click();
      const done = page.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' });
      await expect(done).toBeVisible();
      await expect(done).toBeFocused();
      const code = (await done.locator('code').innerText()).trim();
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      await expect(done).toContainText('Đề nghị lưu mã này để tra cứu');
      await expect(page.getByText('sẽ được gửi ngay khi có kết nối')).toHaveCount(0);
      // Copying puts the code on the clipboard.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await done.getByRole('button', { name: 'Sao chép mã' }).click();
      await expect(done.getByRole('status')).toHaveText('Đã sao chép mã tra cứu.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
      // The status page is one tap away.
      await done.getByRole('link', { name: 'Xem tình trạng hồ sơ' }).click();
      await expect(page.locator('.track-result')).toHaveText('Đang chờ kiểm duyệt.');
      await expect(page).toHaveURL(new RegExp(`/initiatives/track/${code}$`));
    });
  });
}

test('offline: the page says it waits on this device and why, through a reload, then shows the code by itself', async ({ page, context }) => {
  await page.goto('/initiatives/new');
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  await fillValid(page, 'Điểm hỗ trợ cài VNeID tại nhà văn hóa thôn Đoài');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Gửi sáng kiến' }).click();
  const waiting = page.getByRole('status').filter({ hasText: 'Sáng kiến đang chờ gửi' });
  await expect(waiting).toBeVisible();
  await expect(waiting).toContainText('Thiết bị chưa có kết nối mạng');
  await expect(waiting).toContainText('Mã tra cứu sẽ hiển thị tại đây');
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Sáng kiến đang chờ gửi' })).toBeVisible();
  // Back online: the outbox sends it and the same panel becomes the confirmation. (On a
  // loaded machine the first try can come before the network is usable; the outbox then
  // tries again after its back-off, so it is given that long.)
  test.setTimeout(60_000);
  await context.setOffline(false);
  const done = page.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' });
  await expect(done).toBeVisible({ timeout: 30_000 });
  await expect(done).toBeFocused();
  await expect(done.locator('code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await expect(page.getByText('Sáng kiến đang chờ gửi')).toHaveCount(0);
});

test('a 422 from the server brings the person back to the form with the field errors and what they typed', async ({ page, request }) => {
  // The form checks what the server checks, so a real refusal needs what the form let
  // through to change on the way: here the title is cut to two words before it leaves.
  await page.route('**/api/initiatives', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const body = JSON.parse(route.request().postData() ?? '{}');
    await route.continue({ postData: JSON.stringify({ ...body, title: 'Cà phê' }) });
  });
  await page.goto('/initiatives/new');
  await fillValid(page, 'Cà phê số cho người cao tuổi xã Yên Bình');
  await page.getByRole('button', { name: 'Gửi sáng kiến' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Vui lòng kiểm tra lại các mục sau' });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: 'Tên sáng kiến: Nội dung quá ngắn.' })).toBeVisible();
  // Nothing is lost: every field holds what the person typed, the title as it was sent.
  await expect(page.getByLabel('Tên sáng kiến')).toHaveValue('Cà phê số cho người cao tuổi xã Yên Bình');
  await expect(page.getByLabel('Cá nhân, tổ chức thực hiện')).toHaveValue('Chi đoàn phường Kim Mã');
  await expect(page.getByLabel('Thư điện tử')).toHaveValue('chidoan.kimma@example.vn');
  await expect(page.getByLabel('Tên sáng kiến')).toHaveAttribute('aria-invalid', 'true');
  // No confirmation, and nothing waits in the outbox.
  await expect(page.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' })).toHaveCount(0);
  await expect(page.locator('.outbox')).toHaveCount(0);
  const res = await request.get('/api/admin/initiatives?status=pending', { headers: { Authorization: 'Bearer e2e-admin-token-0123456789' } });
  expect((await res.json()).items.map((i: any) => i.public.title)).not.toContain('Cà phê');
});
