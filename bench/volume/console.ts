// The console's first load in real Chromium: signed in once, then a fresh load of /console until the
// first conversation row shows (the open list of a desk with thousands of open conversations).
import { launchChromium, signInToConsole } from '../../tests/helpers/browser.js';
import { timing, type Timing } from './measure.js';

export async function consoleFirstLoad(url: string, user: { email: string; password: string }, reps: number): Promise<Timing> {
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInToConsole(page, url, user);
    const samples: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await page.goto(`${url}/console`);
      await page.getByTestId('conversation-item').first().waitFor({ timeout: 60_000 });
      samples.push(performance.now() - t0);
    }
    return timing(samples);
  } finally {
    await close();
  }
}
