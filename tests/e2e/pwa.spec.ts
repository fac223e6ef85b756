// The installable app: manifest and icons, working with no network after one visit, the
// "new version" notice after a newer build, and the same app served under a sub-path.
import { test, expect, chromium, Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server';
import { chromiumArgs, toListEnd } from './helpers';

async function controlledByServiceWorker(page: Page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

// What Chromium itself says about installing the page as an app (the same check as the
// install button in its address bar), and the manifest it found. Chromium never offers to
// install from an incognito window, which is what test contexts are, so this opens a
// browser with a real (throwaway) profile.
async function withProfile<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'dxday-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    locale: 'vi-VN',
    args: chromiumArgs,
  });
  try {
    return await use(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function installability(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const manifest = await cdp.send('Page.getAppManifest');
  return { errors: installabilityErrors.map((e) => e.errorId), manifest };
}

test('Chromium finds the app installable: manifest, icons and a service worker', async ({ baseURL }) => {
  await withProfile(async (page) => {
  await page.goto(baseURL + '/');
  await controlledByServiceWorker(page);
  const { errors, manifest } = await installability(page);
  expect(errors).toEqual([]);
  expect(manifest.errors).toEqual([]);
  const data = JSON.parse(manifest.data!);
  expect(data.lang).toBe('vi');
  expect(data.short_name).toBe('Chuyển đổi số');
  expect(new URL(data.start_url, manifest.url).pathname).toBe('/');
  const icons = data.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
  expect(icons).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of data.icons) {
    const res = await page.request.get(new URL(icon.src, manifest.url).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type']).toBe(icon.type);
  }
  // The tab's icon is a small PNG: Chromium fetches and decodes it again after each change
  // of address (every filter), and an SVG there is a document built each time.
  const tabIcons = await page.locator('link[rel~="icon"]').evaluateAll((links) =>
    links.map((l) => ({ href: (l as HTMLLinkElement).href, sizes: l.getAttribute('sizes') })));
  expect(tabIcons).toEqual([{ href: new URL('/icons/icon-32.png', baseURL).href, sizes: '32x32' }]);
  const tabIcon = await page.request.get(tabIcons[0].href);
  expect(tabIcon.status()).toBe(200);
  expect(tabIcon.headers()['content-type']).toBe('image/png');
  });
});

test('after one visit the explorer, its filters, an activity page and the exports work with no network', async ({ page, context }) => {
  await page.goto('/?year=2022');
  await controlledByServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.summary')).toContainText('14 hoạt động');
  await page.getByRole('group', { name: 'Đơn vị' }).getByRole('checkbox', { name: /^Bộ Thông tin và Truyền thông/ }).check();
  await expect(page.locator('.summary')).toContainText('4 hoạt động');
  // What comes after the list was loaded from the service worker's copy, like the rest.
  await toListEnd(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lịch (.ics)' }).click(),
  ]);
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);
  await page.getByLabel('Tìm kiếm').fill('chu ky so');
  await expect(page.locator('.card').first()).toContainText('chữ ký số');
  await page.getByRole('link', { name: 'Thúc đẩy dịch vụ chứng thực chữ ký số' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thúc đẩy dịch vụ chứng thực chữ ký số');
  // A deep link typed while offline opens from the cached shell too.
  await page.goto('/about');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await context.setOffline(false);
});

test('a newer build announces itself, and reloading switches to it', async ({ page }) => {
  // A build folder of its own, so that "deploying" a new build touches no other test.
  const dist = mkdtempSync(join(tmpdir(), 'dxday-dist-'));
  cpSync('dist', dist, { recursive: true });
  let server = await startServer({ dist });
  try {
    await page.goto(server.url + '/?year=2022');
    await controlledByServiceWorker(page);
    const before = await page.evaluate(() => caches.keys());
    await expect(page.getByRole('button', { name: 'Tải lại để cập nhật' })).toHaveCount(0);

    // Deploy: the worker of the new build differs (scripts/sw.mjs gives each build its own
    // version), and the browser finds it when it next checks, as it does on every visit.
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    const newer = sw.replace(/const VERSION = '([^']+)'/, "const VERSION = '$1-newer'");
    expect(newer).not.toBe(sw);
    writeFileSync(join(dist, 'sw.js'), newer);
    // The build step compresses every file; a new build replaces those copies too.
    rmSync(join(dist, 'sw.js.br'), { force: true });
    rmSync(join(dist, 'sw.js.gz'), { force: true });
    // The server reads the build at start: a deployment restarts it, at the same address.
    const address = new URL(server.url).host;
    await server.stop();
    server = await startServer({ dist, listen: address });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

    await expect(page.getByRole('status').filter({ hasText: 'Đã có phiên bản mới của trang.' })).toBeVisible();
    await page.getByRole('button', { name: 'Tải lại để cập nhật' }).click();
    await page.waitForFunction((old) => caches.keys().then((k) => k.some((n) => !old.includes(n) && n.endsWith('-newer'))), before);
    await expect(page.locator('.summary')).toContainText('14 hoạt động');
    await expect(page.getByRole('button', { name: 'Tải lại để cập nhật' })).toHaveCount(0);
    // The old build's cache is gone once the new worker took over.
    await expect.poll(() => page.evaluate(() => caches.keys())).not.toContain(before.find((k) => k.startsWith('dxday-shell-')));
  } finally {
    await server.stop();
    rmSync(dist, { recursive: true, force: true });
  }
});

test('served under /cds/, links, data, the manifest and the service worker stay under it', async ({ page }) => {
  const server = await startServer({ env: { PUBLIC_URL: 'https://mic.gov.vn/cds/' } });
  try {
    const outside = await page.request.get(server.url + '/');
    expect(outside.status()).toBe(404);
    const bare = await page.request.get(server.url + '/cds', { maxRedirects: 0 });
    expect(bare.status()).toBe(308);
    expect(bare.headers()['location']).toBe('/cds/');
    const bareWithQuery = await page.request.get(server.url + '/cds?org=bo-tttt', { maxRedirects: 0 });
    expect(bareWithQuery.headers()['location']).toBe('/cds/?org=bo-tttt');

    // A deep link first: the page's assets must resolve under /cds/, not under /cds/activities/.
    await page.goto(server.url + '/cds/activities/chung-thuc-chu-ky-so');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thúc đẩy dịch vụ chứng thực chữ ký số');
    await page.getByRole('navigation').getByRole('link', { name: 'Giới thiệu' }).click();
    // The activity is 2022's, and the pages of the plan stay in its year.
    await expect(page).toHaveURL(server.url + '/cds/about?year=2022');
    await page.getByRole('navigation').getByRole('link', { name: 'Kế hoạch' }).click();
    await expect(page).toHaveURL(server.url + '/cds/?year=2022');
    await expect(page.locator('.summary')).toContainText('14 hoạt động');
    await page.getByRole('group', { name: 'Nhóm chủ trì' }).getByLabel(/^Đoàn TNCS Hồ Chí Minh/).check();
    await expect(page).toHaveURL(/\/cds\/\?year=2022&group=doan-thanh-nien$/);
    // The forms are the other part of the app, with their own page: under /cds/ too.
    await page.getByRole('navigation').getByRole('link', { name: 'Gửi sáng kiến' }).click();
    await expect(page).toHaveURL(server.url + '/cds/initiatives/new');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gửi sáng kiến hưởng ứng Ngày Chuyển đổi số quốc gia');
    await page.getByRole('navigation').getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
    await expect(page).toHaveURL(server.url + '/cds/initiatives/track');
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveURL(/\/cds\/\?year=2022&group=doan-thanh-nien$/);
    await expect(page.locator('.summary')).toContainText('1 hoạt động');

    await controlledByServiceWorker(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(server.url + '/cds/');
    await withProfile(async (installable) => {
      await installable.goto(server.url + '/cds/');
      await controlledByServiceWorker(installable);
      const { errors, manifest } = await installability(installable);
      expect(errors).toEqual([]);
      expect(manifest.url).toBe(server.url + '/cds/manifest.webmanifest');
      const data = JSON.parse(manifest.data!);
      expect(new URL(data.start_url, manifest.url).href).toBe(server.url + '/cds/');
      expect(new URL(data.scope, manifest.url).href).toBe(server.url + '/cds/');
    });
  } finally {
    await server.stop();
  }
});
