import { test, expect } from '@playwright/test';

test('a first visit reads the plan in Vietnamese, and English is one click away', async ({ page }) => {
  await page.goto('/?year=2022');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia năm 2022');
  await expect(page.getByText('Chuyển đổi số giải quyết các vấn đề của xã hội vì một cuộc sống tốt đẹp hơn cho người dân')).toBeVisible();

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan for National Digital Transformation Day 2022');
  await expect(page.getByRole('link', { name: 'National Digital Transformation Day' })).toBeVisible();
  await expect(page).toHaveTitle('National Digital Transformation Day');
  // With the keyboard, and back: the switch, in the new language, keeps the focus.
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('button', { name: 'Switch to English' })).toBeFocused();
});

test('the language chosen is kept for the next visit', async ({ page }) => {
  await page.goto('/?year=2022');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan for National Digital Transformation Day 2022');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia năm 2022');
});

test('the language travels in a shared link, with the filters', async ({ page, browser }) => {
  await page.goto('/?year=2022&org=bo-tttt');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page).toHaveURL(/\?year=2022&org=bo-tttt&lang=en$/);
  await expect(page.locator('.summary')).toHaveText('4 activities by Ministry of Information and Communications');
  // Someone else, who has never been here, opens the link.
  const other = await browser.newContext({ locale: 'vi-VN' });
  const theirs = await other.newPage();
  await theirs.goto(page.url());
  await expect(theirs.locator('html')).toHaveAttribute('lang', 'en');
  await expect(theirs.locator('.summary')).toHaveText('4 activities by Ministry of Information and Communications');
  await other.close();
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(page).toHaveURL(/\?year=2022&org=bo-tttt&lang=vi$/);
});

test('the page title and header are in the HTML before the app runs', async ({ request }) => {
  const html = await (await request.get('/')).text();
  // The head is the plan's (written by the server for each address), and names the Day.
  expect(html).toMatch(/<title>[^<]*Ngày Chuyển đổi số quốc gia[^<]*<\/title>/);
  expect(html).toContain('class="site-header"');
});

test('the health endpoint answers with JSON', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('ok');
  expect(body.storage.kind).toBe('sqlite');
});

// The page of / holds the plan the app opens with: the newest.
const NEWEST = 'Kế hoạch triển khai Quyết định 505 ngày 22/4/2022 của Thủ tướng Chính phủ về Ngày Chuyển đổi số quốc gia năm 2025';

test("the plan's name and theme are painted before the app runs, and stay on screen while it starts", async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toContain(`<h1 id="plan-name">${NEWEST}</h1>`);
  expect(html).toContain('Chuyển đổi số: Nhanh hơn - hiệu quả hơn - gần dân hơn');
  // A link to another year gets no overview of the newest, which would then be replaced.
  expect(await (await request.get('/?year=2022')).text()).not.toContain(NEWEST);
  // Every frame from the first paint on is sampled: once the theme is shown, it never leaves.
  await page.addInitScript(() => {
    const w = window as any;
    w.__frames = { seen: 0, gone: 0 };
    const sample = () => {
      const theme = document.querySelector('.overview__theme') as HTMLElement | null;
      const shown = theme !== null && theme.offsetParent !== null;
      if (shown) w.__frames.seen++;
      else if (w.__frames.seen > 0) w.__frames.gone++;
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  // A slow network: the plan comes well after the app has started.
  await page.route('**/api/plans/2025', async (route) => {
    await new Promise((done) => setTimeout(done, 500));
    await route.continue();
  });
  await page.goto('/');
  await expect(page.locator('.card').first()).toBeVisible();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NEWEST);
  const frames = await page.evaluate(() => (window as any).__frames);
  expect(frames.seen).toBeGreaterThan(0);
  expect(frames.gone).toBe(0);
});

const ACTIVITY = 'Thúc đẩy dịch vụ chứng thực chữ ký số';

test('an activity is readable with no JavaScript at all: its title, summary, dates and lead are in the page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/activities/chung-thuc-chu-ky-so');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ACTIVITY);
  await expect(page.locator('.activity__summary')).not.toBeEmpty();
  await expect(page.locator('.facts')).toContainText('Thời gian01/10/2022 – 10/10/2022');
  await expect(page.locator('.facts')).toContainText('Chủ trìTrung tâm Chứng thực điện tử quốc gia');
  await expect(page.getByText('Đang tải kế hoạch…')).toHaveCount(0);
  await context.close();
});

test('the app takes an activity over from the page without a blink or a shift, and shows the same', async ({ page }) => {
  // Every frame from the first paint on is sampled: once the title is shown it never
  // leaves, and it never moves.
  await page.addInitScript(() => {
    const w = window as any;
    w.__frames = { seen: 0, gone: 0, tops: new Set<number>(), shell: null as null | string[] };
    const sample = () => {
      const h1 = document.querySelector('main h1') as HTMLElement | null;
      const shown = h1 !== null && h1.offsetParent !== null && h1.textContent !== '';
      if (shown) {
        w.__frames.seen++;
        w.__frames.tops.add(Math.round(h1!.getBoundingClientRect().top));
        const shell = document.querySelector('#shell .activity');
        if (shell && !w.__frames.shell) {
          w.__frames.shell = ['h1', '.activity__summary', '.facts'].map((s) => shell.querySelector(s)!.textContent);
        }
      } else if (w.__frames.seen > 0) w.__frames.gone++;
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  // A slow network: the plans come well after the app has started.
  await page.route('**/api/plans/*', async (route) => {
    await new Promise((done) => setTimeout(done, 500));
    await route.continue();
  });
  await page.goto('/activities/chung-thuc-chu-ky-so');
  await expect(page.getByRole('button', { name: 'Thêm vào lịch' })).toBeVisible();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ACTIVITY);
  const frames = await page.evaluate(() => {
    const f = (window as any).__frames;
    const app = ['h1', '.activity__summary', '.facts'].map((s) => document.querySelector(`article.activity ${s}`)!.textContent);
    return { seen: f.seen, gone: f.gone, tops: [...f.tops], shell: f.shell, app };
  });
  expect(frames.seen).toBeGreaterThan(0);
  expect(frames.gone).toBe(0);
  expect(frames.tops).toHaveLength(1);
  // The server wrote what the app shows, letter for letter.
  expect(frames.shell).not.toBeNull();
  expect(frames.shell).toEqual(frames.app);
});
