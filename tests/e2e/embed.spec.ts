// The widget on a ministry's or province's own site: a host page on another origin pastes
// the one-line loader; the app's frame-ancestors list decides who may show it.
import { test, expect, Page } from '@playwright/test';
import { toListEnd } from './helpers';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, type RunningServer } from './server';

// A host site: one page with some text above and below the widget, as a portal would have.
async function hostSite(body: (app: string) => string, app: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Sở TT&TT</title></head>
      <body><h1>Cổng thông tin Sở Thông tin và Truyền thông</h1>${body(app())}<p id="after">Nội dung sau tiện ích</p></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let allowed: { origin: string; server: Server };
let refused: { origin: string; server: Server };
let app: RunningServer;

const oneLine = (appUrl: string) =>
  `<script src="${appUrl}/embed.js" data-org="doan-tncs-ho-chi-minh" data-year="2022" data-lang="vi" async></script>`;

test.beforeAll(async () => {
  let appUrl = '';
  allowed = await hostSite(oneLine, () => appUrl);
  refused = await hostSite(oneLine, () => appUrl);
  app = await startServer({ env: { FRAME_ANCESTORS: `'self' ${allowed.origin}` } });
  appUrl = app.url;
});

test.afterAll(async () => {
  await app.stop();
  allowed.server.close();
  refused.server.close();
});

// The frame's height on the host page, and its content's own height inside it.
async function heights(page: Page) {
  const frame = page.locator('iframe');
  const outer = await frame.evaluate((f) => f.getBoundingClientRect().height);
  const inner = await page.frameLocator('iframe').locator('html').evaluate((e) => ({
    content: Math.ceil(e.getBoundingClientRect().height),
    scrolls: e.scrollHeight > e.clientHeight + 1,
  }));
  return { outer, ...inner };
}

test('a host site in the allowlist shows the preset organization, and the frame is as tall as its content', async ({ page }) => {
  await page.goto(allowed.origin + '/');
  const iframe = page.locator('iframe');
  await expect(iframe).toHaveAttribute('title', 'Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia');
  const widget = page.frameLocator('iframe');
  await expect(widget.locator('.summary')).toHaveText('1 hoạt động của Đoàn TNCS Hồ Chí Minh');
  await expect(widget.locator('.card')).toHaveCount(1);
  // Compact: no site header, navigation or footer inside the frame.
  await expect(widget.locator('.site-header')).toBeHidden();
  await expect(widget.getByRole('navigation')).toHaveCount(0);
  await expect(widget.locator('.site-footer')).toHaveCount(0);

  await expect.poll(async () => {
    const h = await heights(page);
    return Math.abs(h.outer - h.content) <= 1 && !h.scrolls;
  }).toBe(true);
  const small = (await heights(page)).outer;

  // Lifting the organization filter inside the widget shows all 14: the frame grows with it.
  await widget.getByRole('button', { name: /Bỏ lọc/ }).first().click();
  await expect(widget.locator('.summary')).toContainText('14 hoạt động');
  await expect.poll(async () => {
    const h = await heights(page);
    return h.outer > small && Math.abs(h.outer - h.content) <= 1 && !h.scrolls;
  }).toBe(true);

  // Activity links open the full site in a new tab, not inside the frame.
  await expect(widget.locator('.card a').first()).toHaveAttribute('target', '_blank');
});

test('a host site outside the allowlist gets no widget', async ({ page }) => {
  const refusals: string[] = [];
  page.on('console', (m) => { if (m.text().includes('frame-ancestors')) refusals.push(m.text()); });
  await page.goto(refused.origin + '/');
  const iframe = page.locator('iframe');
  await expect(iframe).toHaveCount(1);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  // The browser refused to render the app: nothing of it is in the frame, and the frame
  // keeps the space reserved for it (no message ever resized it).
  const frame = await (await iframe.elementHandle())!.contentFrame();
  expect(await frame!.locator('.summary').count()).toBe(0);
  expect(await iframe.evaluate((f) => f.style.height)).toBe('720px');
});

test('the Embed page writes the one line for the current filters and previews it', async ({ page }) => {
  await page.goto(app.url + '/?year=2022&org=doan-tncs-ho-chi-minh&from=2022-10-01');
  await toListEnd(page);
  await page.getByRole('link', { name: 'Nhúng kế hoạch này vào trang của cơ quan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhúng kế hoạch vào cổng thông tin của cơ quan');
  const code = page.getByLabel('Mã nhúng');
  await expect(code).toHaveValue(
    `<script src="${app.url}/embed.js" data-org="doan-tncs-ho-chi-minh" data-from="2022-10-01" data-year="2022" data-lang="vi" async></script>`,
  );
  await page.getByRole('radio', { name: 'English' }).check();
  await expect(code).toHaveValue(/data-lang="en"/);
  const preview = page.frameLocator('iframe.embed-preview');
  await expect(preview.locator('.summary')).toContainText('activit');
});
