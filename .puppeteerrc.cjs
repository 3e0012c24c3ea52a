// pa11y (test/external-checkers.test.ts) drives Debian's Chromium (/usr/bin/chromium) through puppeteer:
// puppeteer downloads no browser of its own when installed.
module.exports = { skipDownload: true };
