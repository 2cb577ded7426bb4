// Browser tests run against a release server that `run.sh` starts on a free port
// (BASE_URL). Debian's Chromium, never a downloaded browser; a 360-px phone screen in zh-CN.
import { defineConfig } from '@playwright/test';
import { chromiumArgs, executablePath } from './chromium.mjs';

const baseURL = process.env.BASE_URL ?? 'http://localhost:3000';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: chromiumArgs,
    },
  },
});
