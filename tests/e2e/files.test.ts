// End to end in real Chromium (#20 item 2): an agent attaches files in the console's composer (the
// button, drag and drop, paste an image), removes one before sending, and the visitor on /demo sees
// the image and downloads the PDF; the visitor sends a file back from the widget and the agent sees it.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';

const SHOTS = process.env.SCREENSHOT_DIR;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABmUlEQVR4nAXBkQJAIQxA0f7rfsrD4TAcDodhGIZhOAzDfuadU/ge8tBHfdjDH/Foj/4Yj/lYj/3Ix3ncV/guctFLvdjFL3Fpl34Zl3lZl33Jy7ncW/gOctBDPdjBD3Foh34Yh3lYh33IwzncU/gSSTSpiSWeRNKSnoxkJivZSSYnuVn4NrLRTd3YxjexaZu+GZu5WZu9yc3Z3F34FrLQRV3YwhexaIu+GIu5WIu9yMVZ3FX4JjLRSZ3YxCcxaZM+GZM5WZM9ycmZ3Fn4BjLQQR3YwAcxaIM+GIM5WIM9yMEZ3FH4OtLRTu1YxzvRaZ3eGZ3ZWZ3dyc7p3F74GtLQRm1YwxvRaI3eGI3ZWI3dyMZp3Fb4Agk0qIEFHkTQgh6MYAYr2EEGJ7hR+Bxx1KmOOe6E05zuDGc6y9lOOse5XvgMMdSohhluhNGMbgxjGsvYRhrHuFb4KlLRSq1YxStRaZVeGZVZWZVdycqp3Fr4FFFUqYoproTSlK4MZSpL2UoqR7la+AQRVKiCCS6E0IQuDGEKS9hCCke48gNV7XEQE4yLYQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Dispatches a paste or drop carrying one PNG, as the browser does for a pasted screenshot or a dragged file. */
async function fileEvent(page: Page, testId: string, type: 'paste' | 'drop', name: string, base64: string): Promise<void> {
  await page.getByTestId(testId).evaluate((el, [kind, fileName, data]) => {
    const bytes = Uint8Array.from(atob(data!), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], fileName!, { type: 'image/png' }));
    if (kind === 'paste') el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    else {
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, [type, name, base64] as const);
}

describe.skipIf(chromiumMissing)(`files both ways${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let agent: Page;
  let customer: Page;
  const shot = async (page: Page, name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    agent = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    customer = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await signInToConsole(agent, server.url, ADMIN);
  }, 60_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('the agent sends files to a widget visitor, and the visitor sends one back', async () => {
    await customer.goto(`${server.url}/demo`);
    await customer.getByTestId('sb-launcher').click();
    const question = `Can you send me the setup guide? ${Date.now()}`;
    await customer.getByTestId('sb-input').fill(question);
    await customer.getByTestId('sb-send').click();
    await expect.poll(() => customer.getByTestId('sb-message').filter({ hasText: question }).getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');

    await agent.getByTestId('filter-all').click();
    const item = agent.getByTestId('conversation-item').filter({ hasText: question.slice(0, 30) });
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    await agent.getByTestId('message').filter({ hasText: question }).waitFor();

    // Button (two files), paste (a screenshot), drop (one more image): four pending, each with progress until uploaded.
    // The server's answers are held back a moment, so the progress bars can be seen.
    await agent.route('**/api/attachments', async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    await agent.getByTestId('attach-input').setInputFiles([
      { name: 'setup-guide.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'wrong-file.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await fileEvent(agent, 'reply-input', 'paste', 'image.png', PNG.toString('base64'));
    await fileEvent(agent, 'composer', 'drop', 'diagram.png', PNG.toString('base64'));
    const pending = agent.getByTestId('pending-file');
    await expect.poll(() => pending.count()).toBe(4);
    await agent.getByTestId('upload-progress').first().waitFor({ timeout: 5_000 });
    expect(await agent.getByTestId('reply-send').isDisabled()).toBe(true);
    await expect.poll(() => agent.locator('[data-testid="pending-file"][data-state="ready"]').count(), { timeout: 10_000 }).toBe(4);
    await agent.unroute('**/api/attachments');
    // Removed before sending: it never reaches the visitor.
    await pending.filter({ hasText: 'wrong-file.pdf' }).getByTestId('pending-remove').click();
    await expect.poll(() => pending.count()).toBe(3);
    await agent.getByTestId('reply-input').fill('Here is the guide and two screenshots.');
    await shot(agent, 'files-composer-desktop-en');
    await agent.setViewportSize({ width: 390, height: 844 });
    await shot(agent, 'files-composer-mobile-en');
    await agent.setViewportSize({ width: 1440, height: 900 });
    await agent.getByTestId('reply-send').click();
    await expect.poll(() => pending.count()).toBe(0);
    const sent = agent.getByTestId('message').filter({ hasText: 'Here is the guide' });
    await sent.getByTestId('attachment-image').first().waitFor({ timeout: 10_000 });
    expect(await sent.getByTestId('attachment-link').allTextContents()).toEqual(['setup-guide.pdf', 'image.png', 'diagram.png']);
    await shot(agent, 'files-sent-desktop-en');

    // The visitor sees both images (loaded with their tokens) and a download link for the PDF.
    const reply = customer.getByTestId('sb-message').filter({ hasText: 'Here is the guide' });
    await reply.waitFor({ timeout: 10_000 });
    const images = reply.getByTestId('sb-file-image');
    await expect.poll(() => images.count()).toBe(2);
    await expect.poll(() => images.first().evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(16);
    const pdfLink = reply.getByTestId('sb-file').filter({ hasText: 'setup-guide.pdf' });
    const href = await pdfLink.getAttribute('href');
    const download = await fetch(href!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    await shot(customer, 'files-widget-desktop-en');

    // The visitor sends a file back from the widget's attach button.
    await customer.getByTestId('sb-file-input').setInputFiles({ name: 'error-log.txt', mimeType: 'text/plain', buffer: Buffer.from('ERROR 42: printer on fire\n') });
    const back = customer.getByTestId('sb-message').filter({ hasText: 'error-log.txt' });
    await expect.poll(() => back.getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
    await agent.getByTestId('attachment-link').filter({ hasText: 'error-log.txt' }).waitFor({ timeout: 10_000 });
    // A file past the allow-list is refused in the widget with a clear line, and nothing reaches the agent.
    await customer.getByTestId('sb-file-input').setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]) });
    const refused = customer.getByTestId('sb-message').filter({ hasText: 'tool.exe' });
    await expect.poll(() => refused.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    expect(await refused.textContent()).toContain('cannot be sent');
    await customer.setViewportSize({ width: 390, height: 844 });
    await reply.scrollIntoViewIfNeeded();
    await shot(customer, 'files-widget-mobile-en');
    expect(await agent.getByTestId('attachment-link').filter({ hasText: 'tool.exe' }).count()).toBe(0);
  }, 120_000);
});
