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

// Scrolls to the end of the explorer's list, as a reader does: what comes after it (sharing,
// the downloads, the embed link, the timeline) is loaded when the reader comes near it.
export async function toListEnd(page: Page) {
  await page.locator('.after-list').evaluate((e) => e.scrollIntoView({ block: 'center' }));
}

// Presses Tab until `target` has focus (at most `limit` times), as a keyboard user would.
export async function tabTo(page: Page, target: Locator, limit = 40) {
  for (let i = 0; i < limit && !(await target.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

// Fills the form with a valid initiative. `minFill` waits out the minimum fill time after
// which the server takes the form for a person's (not needed when nothing is sent yet);
// `lang` is the language the form is shown in, whose labels are used.
export async function fillValid(page: Page, title: string, minFill = true, lang: 'vi' | 'en' = 'vi') {
  const label = lang === 'vi'
    ? { title: 'Tên sáng kiến', description: 'Mô tả sáng kiến', name: 'Cá nhân, tổ chức thực hiện', type: 'Loại hình',
        province: 'Tỉnh, thành phố', start: 'Ngày bắt đầu', end: 'Ngày kết thúc', email: 'Thư điện tử', consent: /Tôi đồng ý/ }
    : { title: 'Name of the initiative', description: 'Description', name: 'Person or organization running it', type: 'Type of organizer',
        province: 'Province or city', start: 'Start date', end: 'End date', email: 'E-mail', consent: /I agree/ };
  await page.getByLabel(label.title).fill(title);
  await page.getByLabel(label.description, { exact: true }).fill('Đoàn viên hướng dẫn người cao tuổi cài và dùng ứng dụng dịch vụ công trên điện thoại.');
  await page.getByLabel(label.name).fill('Chi đoàn phường Kim Mã');
  await page.getByLabel(label.type).selectOption('doan-thanh-nien');
  await page.getByLabel(label.province).selectOption('ha-noi');
  await page.getByLabel(label.start).fill('2026-12-01');
  await page.getByLabel(label.end).fill('2026-12-15');
  await page.getByLabel(label.email).fill('chidoan.kimma@example.vn');
  await page.getByLabel(label.consent).check();
  if (minFill) await page.waitForTimeout(3100);
}
