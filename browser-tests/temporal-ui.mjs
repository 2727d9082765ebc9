// Opens a deployment's workflow page in the Temporal UI and checks that what Decommission gives
// the workflow is on it: on its User Metadata tab, its summary and its current details (the
// deployment's status and phase). Writes a screenshot of that tab.
// Usage: node temporal-ui.mjs <workflow page URL> <summary> <current details text> <screenshot.png>
import { launch } from './browser.mjs';

const [url, summary, current, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node temporal-ui.mjs <url> <summary> <current details text> <screenshot.png>');
  process.exit(2);
}
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Waits until the text is visible in the page or in one of its frames (the UI renders the
 * markdown of summaries and details in frames of their own). Case-sensitive: the workflow's own
 * status badge says "Running", the deployment's status is RUNNING.
 */
async function visibleInSomeFrame(page, text, timeoutMs = 30_000) {
  const pattern = new RegExp(escape(text));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = frame.getByText(pattern).first();
      if (await found.isVisible().catch(() => false)) {
        return;
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`"${text}" is not visible within ${timeoutMs} ms`);
}

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
try {
  // The UI looks the workflow's latest run up and moves on to its history.
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForURL(/\/history$/, { timeout: 30_000 });
  await page.goto(page.url().replace(/\/history$/, '/user-metadata'), { waitUntil: 'domcontentloaded' });
  for (const text of [summary, current]) {
    await visibleInSomeFrame(page, text);
    console.log(`visible: ${text}`);
  }
  await page.screenshot({ path: screenshot });
  console.log(`screenshot: ${screenshot}`);
} catch (e) {
  console.error(`not on the page ${page.url()}: ${e.message.split('\n')[0]}`);
  await page.screenshot({ path: screenshot }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
