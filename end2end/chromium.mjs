// Debian's Chromium as every browser run here starts it (Playwright's tests and Lighthouse):
// never a downloaded browser, no sandbox (containers), nothing that phones home mid-test.
export const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
