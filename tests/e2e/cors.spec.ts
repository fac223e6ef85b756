// A province portal's own page that sends initiatives to the API from its own form: a host
// page on another loopback origin, listed in CORS_ORIGINS, posts with fetch and shows the
// tracking code; the same page from an origin outside the list is refused by the browser.
import { test, expect, Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, type RunningServer } from './server';

const ADMIN = 'Bearer e2e-admin-token-0123456789';

// The portal's page: its own form and its own script, as a developer would write it from
// the API's document. The API's address is filled in once the server has started.
async function portal(api: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin tỉnh Phú Thọ</title></head>
<body><h1>Gửi sáng kiến chuyển đổi số</h1>
<form id="f">
  <label>Tên sáng kiến <input name="title" value="Chợ 4.0 cho bà con xã Tân Lập"></label>
  <label>Mô tả <textarea name="description">Hướng dẫn bà con bán nông sản trên sàn thương mại điện tử.</textarea></label>
  <label>Đơn vị thực hiện <input name="organizer_name" value="Đoàn Thanh niên xã Tân Lập"></label>
  <label>Thư điện tử <input name="contact_email" value="doan.tanlap@example.vn"></label>
  <button>Gửi</button>
</form>
<p id="result" role="status"></p>
<script>
document.getElementById('f').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = {
    title: form.get('title'), description: form.get('description'),
    organizer_name: form.get('organizer_name'), organizer_type: 'doan-thanh-nien',
    province: 'phu-tho', start_date: '2025-10-01', end_date: '2025-10-10',
    contact_email: form.get('contact_email'), plan_year: 2025, consent: true,
  };
  const out = document.getElementById('result');
  try {
    const answer = await fetch('${api()}/api/initiatives', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'portal-' + location.port + '-0001' },
      body: JSON.stringify(body),
    });
    const json = await answer.json();
    out.textContent = answer.status === 201 ? 'Mã tra cứu: ' + json.tracking_code : 'Lỗi ' + answer.status;
  } catch (e) {
    out.textContent = 'Trình duyệt chặn yêu cầu: ' + e.name;
  }
});
</script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let listed: { origin: string; server: Server };
let unlisted: { origin: string; server: Server };
let api: RunningServer;

test.beforeAll(async () => {
  let apiUrl = '';
  listed = await portal(() => apiUrl);
  unlisted = await portal(() => apiUrl);
  api = await startServer({ env: { CORS_ORIGINS: listed.origin } });
  apiUrl = api.url;
});

test.afterAll(async () => {
  await api.stop();
  listed.server.close();
  unlisted.server.close();
});

async function pending(page: Page): Promise<number> {
  const queue = await page.request.get(`${api.url}/api/admin/initiatives?status=pending`, {
    headers: { Authorization: ADMIN },
  });
  return (await queue.json()).items.length;
}

test('a portal listed in CORS_ORIGINS sends its own form to the API and shows the tracking code', async ({ page }) => {
  await page.goto(listed.origin);
  await page.getByRole('button', { name: 'Gửi' }).click();
  const result = page.getByRole('status');
  await expect(result).toHaveText(/^Mã tra cứu: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const code = (await result.textContent())!.replace('Mã tra cứu: ', '');
  // The code is a real one: the API tracks it as waiting for moderation.
  const tracked = await page.request.get(`${api.url}/api/initiatives/track/${code}`);
  expect(tracked.status()).toBe(200);
  expect((await tracked.json()).status).toBe('pending');
});

test('the same page from an origin outside the list is refused by the browser and nothing is stored', async ({ page }) => {
  const before = await pending(page);
  await page.goto(unlisted.origin);
  await page.getByRole('button', { name: 'Gửi' }).click();
  await expect(page.getByRole('status')).toHaveText('Trình duyệt chặn yêu cầu: TypeError');
  // The preflight got no Access-Control-Allow-Origin, so the browser never sent the POST.
  expect(await pending(page)).toBe(before);
});
