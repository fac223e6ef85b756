// Passing a link on: "Chia sẻ" hands the page's title and address to the browser's own
// share sheet where there is one (the Web Share API, stubbed here to see what it is given),
// and otherwise offers copy link, Zalo, Facebook and e-mail, each with the address encoded
// once. "Mã QR" shows the server's QR code of the address, large, with its downloads.
import { test, expect, type Page } from '@playwright/test';
import { toListEnd } from './helpers';

const TITLE = 'Thúc đẩy dịch vụ chứng thực chữ ký số';

/** A browser with a share sheet: `navigator.share` keeps what it is given in `__shared`. */
async function withShareSheet(page: Page) {
  await page.addInitScript(() => {
    (window as any).__shared = [];
    Object.defineProperty(navigator, 'share', {
      value: (data: ShareData) => { (window as any).__shared.push(data); return Promise.resolve(); },
      configurable: true,
    });
  });
}

test('with the Web Share API, "Chia sẻ" hands it the activity\'s title and address', async ({ page }) => {
  await withShareSheet(page);
  await page.goto('/activities/chung-thuc-chu-ky-so?year=2022');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await page.getByRole('button', { name: 'Chia sẻ', exact: true }).click();
  // (Sharing is in a module of its own, fetched as the pointer goes down on the button.)
  const shared = () => page.evaluate(() => (window as any).__shared);
  await expect.poll(shared).toHaveLength(1);
  const origin = new URL(page.url()).origin;
  expect(await shared()).toEqual([{ title: TITLE, url: `${origin}/activities/chung-thuc-chu-ky-so?year=2022` }]);
  // The browser's sheet took it: no panel of our own opens.
  await expect(page.getByRole('link', { name: /Zalo/ })).toBeHidden();
});

test('a press on "Chia sẻ" before its module is here shares once the module is, and only once', async ({ page }) => {
  await withShareSheet(page);
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto('/activities/chung-thuc-chu-ky-so?year=2022');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  expect(wasm.some((w) => w.includes('-share_panels-'))).toBe(false);
  // A click with no pointer and no focus before it (as assistive technology may send it):
  // nothing has fetched the module yet.
  await page.getByRole('button', { name: 'Chia sẻ', exact: true }).evaluate((b: HTMLElement) => b.click());
  await expect.poll(() => page.evaluate(() => (window as any).__shared.length)).toBe(1);
  expect(wasm.some((w) => w.includes('-share_panels-'))).toBe(true);
  expect((await page.evaluate(() => (window as any).__shared))[0].title).toBe(TITLE);
  // The next press shares at once, through the module now here.
  await page.getByRole('button', { name: 'Chia sẻ', exact: true }).evaluate((b: HTMLElement) => b.click());
  expect(await page.evaluate(() => (window as any).__shared.length)).toBe(2);
});

test('the explorer shares its view by the name the server gives it, without the widget flag', async ({ page }) => {
  await withShareSheet(page);
  await page.goto('/?year=2022&org=vu-buu-chinh&from=2022-10-01&to=2022-10-31');
  await toListEnd(page);
  await expect(page.locator('.summary')).toBeVisible();
  await page.getByRole('button', { name: 'Chia sẻ', exact: true }).click();
  await expect.poll(() => page.evaluate(() => (window as any).__shared.length)).toBe(1);
  const [data] = await page.evaluate(() => (window as any).__shared);
  expect(data.title).toMatch(/^\d+ hoạt động của Vụ Bưu chính, 01\/10–31\/10\/2022$/);
  const url = new URL(data.url);
  expect(url.pathname).toBe('/');
  expect(url.searchParams.get('org')).toBe('vu-buu-chinh');
  expect(url.searchParams.get('from')).toBe('2022-10-01');
  // The server names the same view the same way in the page's head.
  const head = await (await page.request.get(data.url)).text();
  expect(head).toContain(`<title>${data.title}</title>`);
});

test('without it, the panel offers copy link, Zalo, Facebook and e-mail with the address encoded once', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => {
    // Chromium on Linux has no share sheet; make sure of it.
    delete (Navigator.prototype as any).share;
  });
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto('/activities/chung-thuc-chu-ky-so?year=2022');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  const button = page.getByRole('button', { name: 'Chia sẻ', exact: true });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  // The panel and the QR dialog are a module of their own, fetched on the first press.
  expect(wasm.some((w) => w.includes('-share_panels-'))).toBe(false);
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('link', { name: /Chia sẻ qua Zalo/ })).toBeVisible();
  expect(wasm.some((w) => w.includes('-share_panels-'))).toBe(true);
  await expect(button).toHaveAttribute('aria-controls', 'share-panel');
  const address = `${new URL(page.url()).origin}/activities/chung-thuc-chu-ky-so?year=2022`;
  const zalo = await page.getByRole('link', { name: /Chia sẻ qua Zalo/ }).getAttribute('href');
  expect(zalo).toBe(`https://sp.zalo.me/share_inline?url=${encodeURIComponent(address)}`);
  const facebook = await page.getByRole('link', { name: /Chia sẻ lên Facebook/ }).getAttribute('href');
  expect(facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(address)}`);
  expect(new URL(facebook!).searchParams.get('u')).toBe(address);
  const mail = new URL((await page.getByRole('link', { name: 'Gửi qua thư điện tử' }).getAttribute('href'))!);
  expect(mail.protocol).toBe('mailto:');
  expect(decodeURIComponent(mail.search.match(/subject=([^&]*)/)![1])).toBe(TITLE);
  expect(decodeURIComponent(mail.search.match(/body=([^&]*)/)![1])).toBe(`${TITLE}\r\n${address}`);
  await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã sao chép liên kết.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
  // The QR dialog came with the panel: it opens at once.
  await page.getByRole('button', { name: 'Mã QR' }).click();
  await expect(page.getByRole('dialog', { name: TITLE })).toBeVisible();
  await page.keyboard.press('Escape');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: /Chia sẻ qua Zalo/ })).toBeHidden();
});

test.describe('without the service worker', () => {
  // A service worker's own fetches are not routed through the page.
  test.use({ serviceWorkers: 'block' });
  test('a share panel that cannot be fetched says so, and opens on the next click once it can', async ({ page }) => {
    await page.addInitScript(() => { delete (Navigator.prototype as any).share; });
    let refuse = true;
    await page.route(/-share_panels-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/activities/chung-thuc-chu-ky-so?year=2022');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    const button = page.getByRole('button', { name: 'Chia sẻ', exact: true });
    await button.click();
    await expect(page.locator('.share').getByRole('alert')).toHaveText('Chưa tải được phần này của trang. Vui lòng kiểm tra kết nối mạng rồi tải lại trang.');
    refuse = false;
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('link', { name: /Chia sẻ qua Zalo/ })).toBeVisible();
    await expect(page.locator('.share').getByRole('alert')).toHaveCount(0);
  });
});

test('"Mã QR" shows the code of the address large, titled, with its SVG and PNG downloads', async ({ page }) => {
  await page.goto('/activities/chung-thuc-chu-ky-so?year=2022');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await page.getByRole('button', { name: 'Mã QR' }).click();
  const dialog = page.getByRole('dialog', { name: TITLE });
  await expect(dialog).toBeVisible();
  // Opened with the keyboard's focus inside it, on its first link.
  await expect(dialog.getByRole('link').first()).toBeFocused();
  const address = `${new URL(page.url()).origin}/activities/chung-thuc-chu-ky-so?year=2022`;
  const image = dialog.getByRole('img', { name: `Mã QR của địa chỉ ${address}` });
  await expect(image).toBeVisible();
  // The image loaded (the server made it), and is shown at least 300 px wide.
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect((await image.boundingBox())!.width).toBeGreaterThanOrEqual(300);
  for (const format of ['svg', 'png']) {
    const href = await dialog.getByRole('link', { name: new RegExp(`\\(${format.toUpperCase()}`) }).getAttribute('href');
    const res = await page.request.get(new URL(href!, page.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe(format === 'svg' ? 'image/svg+xml' : 'image/png');
    expect(res.headers()['content-disposition']).toContain(`ma-qr.${format}`);
  }
  // Printed, the title and the code are what is on the page.
  await page.emulateMedia({ media: 'print' });
  await expect(dialog.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'In mã QR' })).toBeHidden();
  await expect(page.locator('article.activity > h1')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
