// Accessibility in a real browser: axe-core (every WCAG 2.x A/AA rule and its best-practice
// rules) on every route and state, in light and dark, in Vietnamese and English; keyboard
// use alone; reflow at 320 px (400 % zoom); touch targets; reduced motion; print; layout
// shift when the wasm arrives. It also writes the screenshots shown in the README.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fillValid, tabTo, toListEnd } from './helpers';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

async function expectNoViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + n.failureSummary?.split('\n')[1]).join('\n    ')}`,
  );
  expect(found, `axe on ${state}`).toEqual([]);
}

async function planShown(page: Page) {
  await expect(page.locator('.summary')).toBeVisible();
}

async function showFormErrors(page: Page, submit = 'Gửi sáng kiến') {
  await page.getByRole('button', { name: submit }).click();
  await expect(page.getByRole('alert')).toBeVisible();
}

// Each state: a name, and how to reach it from a fresh page.
const states: [string, (page: Page) => Promise<void>][] = [
  ['the explorer', async (p) => { await p.goto('/'); await planShown(p); }],
  ['the explorer with filters', async (p) => {
    await p.goto('/?year=2022&group=bo-tttt&from=2022-10-01&to=2022-10-31&q=so');
    await planShown(p);
  }],
  ['the explorer with no result', async (p) => {
    await p.goto('/?q=khongcogicakhong');
    await expect(p.getByText('Không có hoạt động nào khớp với bộ lọc.')).toBeVisible();
  }],
  ['the October calendar view', async (p) => {
    await p.goto('/');
    await planShown(p);
    await toListEnd(p);
    await p.getByRole('button', { name: 'Lịch hoạt động tháng 10' }).click();
    await expect(p.locator('.timeline__row').first()).toBeVisible();
  }],
  ['an activity', async (p) => {
    await p.goto('/activities/chung-thuc-chu-ky-so');
    // The server's shell has the heading already: the app's own button says it is drawn.
    await expect(p.getByRole('button', { name: 'Thêm vào lịch' })).toBeVisible();
    await expect(p.locator('#shell')).toHaveCount(0);
  }],
  ['the share panel of an activity', async (p) => {
    await p.addInitScript(() => { delete (Navigator.prototype as any).share; });
    await p.goto('/activities/chung-thuc-chu-ky-so');
    await p.getByRole('button', { name: 'Chia sẻ', exact: true }).click();
    await expect(p.getByRole('link', { name: /Chia sẻ qua Zalo/ })).toBeVisible();
  }],
  ['the QR code of a filtered view', async (p) => {
    await p.goto('/?year=2022&org=vu-buu-chinh');
    await planShown(p);
    await toListEnd(p);
    await p.getByRole('button', { name: 'Mã QR' }).click();
    await expect(p.getByRole('dialog')).toBeVisible();
  }],
  ['an unknown activity', async (p) => {
    await p.goto('/activities/khong-co-hoat-dong-nay');
    await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
  }],
  ['about', async (p) => { await p.goto('/about'); await expect(p.getByRole('heading', { level: 1 })).toBeVisible(); }],
  ['the form', async (p) => { await p.goto('/initiatives/new'); await expect(p.getByLabel('Tên sáng kiến')).toBeVisible(); }],
  ['the form with errors', async (p) => { await p.goto('/initiatives/new'); await showFormErrors(p); }],
  ['tracking', async (p) => { await p.goto('/initiatives/track'); await expect(p.getByLabel('Mã tra cứu')).toBeVisible(); }],
  ['an unknown tracking code', async (p) => {
    await p.goto('/initiatives/track/ABCD-EFGH-JKMN-PQRS');
    await expect(p.getByText('Không tìm thấy hồ sơ với mã này.')).toBeVisible();
  }],
  ['moderation sign-in', async (p) => { await p.goto('/admin'); await expect(p.getByLabel(/Mã truy cập/)).toBeVisible(); }],
  ['moderation signed in', async (p) => {
    await p.goto('/admin');
    await p.getByLabel(/Mã truy cập/).fill(ADMIN_TOKEN);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(p.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  }],
  ['the embed page', async (p) => { await p.goto('/embed?org=bo-tttt'); await expect(p.getByLabel('Mã nhúng')).toBeVisible(); }],
  ['the widget (embed=1)', async (p) => { await p.goto('/?embed=1&year=2022&org=doan-tncs-ho-chi-minh'); await planShown(p); }],
  ['an older year, past, with the link to the newest', async (p) => {
    await p.goto('/?year=2022');
    await expect(p.getByRole('link', { name: 'Xem kế hoạch năm 2025' })).toBeVisible();
  }],
  ['a year whose plan is not out', async (p) => {
    await p.goto('/?year=2026');
    await expect(p.getByRole('heading', { level: 1, name: 'Kế hoạch năm 2026 chưa được công bố.' })).toBeVisible();
  }],
  ['the about page of another year', async (p) => {
    await p.goto('/about?year=2024');
    await expect(p.getByRole('heading', { level: 1 })).toContainText('2024');
  }],
  ['moderation filtered by year', async (p) => {
    await p.goto('/admin');
    await p.getByLabel(/Mã truy cập/).fill(ADMIN_TOKEN);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.getByLabel('Năm kế hoạch').selectOption('2025');
    await expect(p.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  }],
  ['a page that does not exist', async (p) => {
    await p.goto('/trang-khong-ton-tai');
    await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
  }],
  ['the explorer in English', async (p) => { await p.goto('/?lang=en'); await planShown(p); }],
  ['the explorer on a phone', async (p) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto('/?year=2022&group=bo-tttt&q=so');
    await planShown(p);
  }],
  ['the filter sheet open on a phone', async (p) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto('/?year=2022&group=bo-tttt');
    await planShown(p);
    await p.getByRole('button', { name: /^Lọc/ }).click();
    await expect(p.getByRole('dialog', { name: 'Lọc hoạt động' })).toBeVisible();
  }],
  ['the filter sheet open on a phone, in English', async (p) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto('/?year=2022&group=bo-tttt&lang=en');
    await planShown(p);
    await p.getByRole('button', { name: /^Filter/ }).click();
    await expect(p.getByRole('dialog', { name: 'Filter activities' })).toBeVisible();
  }],
  ['the header menu open on a phone', async (p) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto('/about');
    await p.getByRole('button', { name: 'Menu' }).click();
    await expect(p.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  }],
  ['the key dates opened on a phone', async (p) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto('/');
    await planShown(p);
    await p.getByText('Các mốc thời gian').click();
    await expect(p.locator('.key-dates li').first()).toBeVisible();
  }],
  ['the confirmation after sending', async (p) => {
    await p.goto('/initiatives/new');
    await fillValid(p, 'Sáng kiến để kiểm tra khả năng tiếp cận của trang xác nhận');
    await p.getByRole('button', { name: 'Gửi sáng kiến' }).click();
    await expect(p.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' })).toBeFocused();
  }],
  ['the confirmation after sending, in English', async (p) => {
    await p.goto('/initiatives/new?lang=en');
    await fillValid(p, 'Sáng kiến để kiểm tra trang xác nhận bằng tiếng Anh', true, 'en');
    await p.getByRole('button', { name: 'Send initiative' }).click();
    await expect(p.getByRole('region', { name: 'Your initiative has been sent' })).toBeFocused();
  }],
  ['the form with errors in English', async (p) => {
    await p.goto('/initiatives/new?lang=en');
    await showFormErrors(p, 'Send initiative');
  }],
  ['the API reference', async (p) => {
    await p.goto('/api/docs');
    await expect(p.getByRole('heading', { level: 1, name: 'Tài liệu API Ngày Chuyển đổi số quốc gia' })).toBeVisible();
  }],
  ['the API reference in English', async (p) => {
    await p.goto('/api/docs?lang=en');
    await expect(p.getByRole('heading', { level: 1, name: 'API of National Digital Transformation Day' })).toBeVisible();
  }],
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const [name, reach] of states) {
      test(`axe finds nothing on ${name}`, async ({ page }) => {
        await reach(page);
        await expectNoViolations(page, `${name} (${scheme})`);
      });
    }
  });
}

test('axe finds nothing with a submission waiting offline in the outbox, nor on the offline explorer', async ({ page, context }) => {
  await page.goto('/initiatives/new');
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  // Nothing reaches the server while offline, so there is no fill time to wait out.
  await fillValid(page, 'Lớp học kỹ năng số cho hội phụ nữ xã', false);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Gửi sáng kiến' }).click();
  await expect(page.getByRole('heading', { name: 'Đang chờ gửi', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sáng kiến đang chờ gửi' })).toBeVisible();
  await expectNoViolations(page, 'the outbox, offline');
  await page.goto('/');
  await planShown(page);
  await expectNoViolations(page, 'the explorer, offline');
  await context.setOffline(false);
});

test('form errors are tied to their fields for screen readers', async ({ page }) => {
  await page.goto('/initiatives/new');
  await showFormErrors(page);
  const title = page.getByLabel('Tên sáng kiến');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(title).toHaveAccessibleDescription(/Vui lòng điền mục này/);
  // The summary takes focus, so a screen reader reads it at once.
  await expect(page.locator('.error-summary')).toBeFocused();
  // It lists the fields in the order of the form.
  const listed = await page.locator('.error-summary li').allInnerTexts();
  expect(listed[0]).toMatch(/^Tên sáng kiến:/);
  expect(listed[listed.length - 1]).toMatch(/^Đồng ý xử lý dữ liệu cá nhân:/);
  // Its links lead to the field, on this same page.
  await page.locator('.error-summary').getByRole('link', { name: /Thư điện tử/ }).click();
  await expect(page.getByLabel('Thư điện tử')).toBeFocused();
  await expect(page).toHaveURL(/\/initiatives\/new$/);
});

test('the whole explorer works with the keyboard alone, and focus is always visible', async ({ page }) => {
  await page.goto('/?year=2022');
  await planShown(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // Tab to the first group checkbox and tick it with the space bar.
  const first = page.getByRole('group', { name: 'Nhóm chủ trì' }).getByRole('checkbox').first();
  await tabTo(page, first);
  const outline = await first.evaluate((e) => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth);
  expect(outline).not.toMatch(/^none|0px$/);
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/group=bo-tttt/);
  // The box keeps the focus, ticked, and its own count and the other boxes' follow.
  await expect(first).toBeFocused();
  await expect(first).toBeChecked();
  await page.keyboard.press('Space');
  await expect(page).not.toHaveURL(/group=/);
  await expect(first).toBeFocused();
  await expect(first).not.toBeChecked();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/group=bo-tttt/);
  // On to the first result, and open it with Enter.
  const link = page.locator('.card a').first();
  await tabTo(page, link, 80);
  const name = await link.innerText();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});

const routes = ['/', '/?group=bo-tttt&q=so', '/activities/chung-thuc-chu-ky-so', '/about', '/initiatives/new',
  '/initiatives/track', '/admin', '/embed', '/?embed=1'];

test.describe('at 320 px wide, which is 1280 px at 400 % zoom', () => {
  test.use({ viewport: { width: 320, height: 640 } });
  for (const route of routes) {
    test(`${route} reflows without horizontal scrolling`, async ({ page }) => {
      await page.goto(route);
      await expect(page.locator('main h1, main h2').first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('every button, field and menu link is at least 44 × 44 px', async ({ page }) => {
    for (const route of ['/', '/initiatives/new', '/embed']) {
      await page.goto(route);
      await expect(page.locator('main h1').first()).toBeVisible();
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('button, input:not([type=checkbox]):not([type=radio]), select, textarea, nav a, .choice, .choices li')]
          .filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => ({ e: e.outerHTML.slice(0, 80), r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.height < 44 || r.width < 44)
          .map(({ e, r }) => `${e} ${Math.round(r.width)}×${Math.round(r.height)}`),
      );
      expect(small, route).toEqual([]);
    }
  });
});

test.describe('with reduced motion asked for', () => {
  test.use({ reducedMotion: 'reduce' });
  test('nothing animates or slides', async ({ page }) => {
    await page.goto('/');
    await planShown(page);
    const moving = await page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .map((e) => getComputedStyle(e))
        .filter((s) => s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0 || s.scrollBehavior === 'smooth')
        .length,
    );
    expect(moving).toBe(0);
  });
});

test('printing the filtered plan shows the plan and the list, without controls', async ({ page }) => {
  await page.goto('/?year=2022&group=bo-tttt');
  await planShown(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-nav')).toBeHidden();
  await expect(page.locator('.filters')).toBeHidden();
  await expect(page.locator('.export')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.summary')).toBeVisible();
  await expect(page.locator('.card')).toHaveCount(4);
  for (const card of await page.locator('.card').all()) await expect(card).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('the page does not shift when the app replaces the static shell (CLS under 0.02)', async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('/');
  await planShown(page);
  await page.waitForLoadState('networkidle');
  // Two frames later every shift caused by the first render has been reported.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const cls = await page.evaluate(() => (window as any).__cls as number);
  expect(cls).toBeLessThan(0.02);
});

// The README shows these. They are written on every run, from the release build.
for (const [device, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]] as const) {
  test.describe(`screenshots (${device})`, () => {
    test.use({ viewport, deviceScaleFactor: 1 });
    test(`of the main screens at ${device} width`, async ({ page }) => {
      const shots: [string, string, (p: Page) => Promise<void>][] = [
        ['explorer', '/', planShown],
        ['explorer-filtered', '/?year=2022&org=bo-tttt&from=2022-10-01&to=2022-10-31', async (p) => {
          await planShown(p);
          await p.locator('#results-heading').evaluate((e) => e.scrollIntoView());
        }],
        // The server's shell has the heading already: the app's own buttons say it is drawn.
        ['activity', '/activities/chung-thuc-chu-ky-so', async (p) => { await expect(p.getByRole('button', { name: 'Mã QR' })).toBeVisible(); }],
        ['form-errors', '/initiatives/new', async (p) => { await showFormErrors(p); }],
        ['embed', '/embed?year=2022&org=doan-tncs-ho-chi-minh', async (p) => { await expect(p.getByLabel('Mã nhúng')).toBeVisible(); }],
        ['sent', '/initiatives/new', async (p) => {
          await fillValid(p, 'Cà phê số cho người cao tuổi phường Kim Mã');
          await p.getByRole('button', { name: 'Gửi sáng kiến' }).click();
          await expect(p.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' })).toBeFocused();
        }],
      ];
      if (device === 'phone') {
        shots.push(['filter-sheet', '/?year=2022&group=bo-tttt', async (p) => {
          await planShown(p);
          await p.getByRole('button', { name: /^Lọc/ }).click();
          await expect(p.getByRole('dialog', { name: 'Lọc hoạt động' })).toBeVisible();
        }]);
      }
      for (const [name, route, ready] of shots) {
        await page.goto(route);
        await ready(page);
        await page.screenshot({ path: `docs/screenshots/${name}-${device}.png` });
      }
    });
  });
}

test('an initiative can be sent with the keyboard alone', async ({ page }) => {
  await page.goto('/initiatives/new');
  const title = page.getByLabel('Tên sáng kiến');
  await expect(title).toBeVisible();
  // From the top of the page, Tab reaches the first field.
  await tabTo(page, title, 30);
  const order: string[] = [];
  const typeAndNext = async (text: string) => {
    if (text) await page.keyboard.type(text);
    order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    await page.keyboard.press('Tab');
  };
  await typeAndNext('Bình dân học vụ số cho tổ dân phố');
  await typeAndNext('Tổ dân phố mở lớp buổi tối hướng dẫn người dân dùng định danh điện tử và dịch vụ công.');
  await typeAndNext('Tổ dân phố số 5, phường Hạc Thành');
  // Closed lists: the arrow keys choose, as on any form.
  await page.keyboard.press('ArrowDown');
  await typeAndNext('');
  await page.keyboard.press('ArrowDown');
  await typeAndNext('');
  // The segments of a date field and their order belong to the browser and the system's
  // locale, not to the app, so the two dates are set directly; focus stays on the keyboard.
  await page.getByLabel('Ngày bắt đầu').fill('2026-12-01');
  await page.getByLabel('Ngày kết thúc').fill('2026-12-20');
  await page.getByLabel('Ngày kết thúc').focus();
  await page.keyboard.press('Tab');
  // Optional fields left empty, up to the e-mail address.
  await tabTo(page, page.getByLabel('Thư điện tử'), 10);
  await typeAndNext('totdp5.hacthanh@example.vn');
  const consent = page.getByLabel(/Tôi đồng ý/);
  await tabTo(page, consent, 10);
  await page.keyboard.press('Space');
  await expect(consent).toBeChecked();
  expect(order.slice(0, 3)).toEqual(['f-title', 'f-description', 'f-organizer_name']);
  // A person takes longer than the minimum fill time the server expects.
  await page.waitForTimeout(3100);
  const send = page.getByRole('button', { name: 'Gửi sáng kiến' });
  await tabTo(page, send, 10);
  await page.keyboard.press('Enter');
  // The confirmation takes focus, so the keyboard is where the code is.
  await expect(page.getByRole('region', { name: 'Sáng kiến đã được gửi thành công' })).toBeFocused();
});
