// What several specs share: the Chromium flags for this machine, keyboard navigation, and
// a valid initiative typed into the form.
import { expect, Page, Locator } from '@playwright/test';

// Debian's Chromium, headless as root, with no background traffic (the machine has no
// outside network, and Chromium would keep trying).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Presses Tab until `target` has focus (at most `limit` times), as a keyboard user would.
export async function tabTo(page: Page, target: Locator, limit = 40) {
  for (let i = 0; i < limit && !(await target.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

// Fills the form with a valid initiative. `minFill` waits out the minimum fill time after
// which the server takes the form for a person's (not needed when nothing is sent yet).
export async function fillValid(page: Page, title: string, minFill = true) {
  await page.getByLabel('Tên sáng kiến').fill(title);
  await page.getByLabel('Mô tả sáng kiến').fill('Đoàn viên hướng dẫn người cao tuổi cài và dùng ứng dụng dịch vụ công trên điện thoại.');
  await page.getByLabel('Cá nhân, tổ chức thực hiện').fill('Chi đoàn phường Kim Mã');
  await page.getByLabel('Loại hình').selectOption('doan-thanh-nien');
  await page.getByLabel('Tỉnh, thành phố').selectOption('ha-noi');
  await page.getByLabel('Ngày bắt đầu').fill('2026-12-01');
  await page.getByLabel('Ngày kết thúc').fill('2026-12-15');
  await page.getByLabel('Thư điện tử').fill('chidoan.kimma@example.vn');
  await page.getByLabel(/Tôi đồng ý/).check();
  if (minFill) await page.waitForTimeout(3100);
}
