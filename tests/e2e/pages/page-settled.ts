// Waiting for a page to have handled what already reached it, by turns of its event loop rather
// than by a time: a fixed sleep is too short on a loaded machine and wasted time on an idle one.
import type { Page } from 'playwright-core';

/**
 * Returns once the page has run the work already queued (an answer that arrived, the render it
 * scheduled): turns of its event loop, not a time. React renders an update from a fetch in a task
 * it posts as a message; a message posted after it runs after it.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const turn = (): Promise<void> => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => setTimeout(resolve, 0);
      channel.port2.postMessage(null);
    });
    await turn();
    await turn();
  });
}
