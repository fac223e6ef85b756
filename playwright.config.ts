// End-to-end tests: the release build, served by the real server binary, in Debian's
// Chromium (never a downloaded browser). global-setup starts the server on a free port.
import { defineConfig } from '@playwright/test';
import { chromiumArgs } from './tests/e2e/helpers';

export default defineConfig({
  testDir: './tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: process.env.DXDAY_BASE_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
});
