/**
 * Sees DOM states that may last only one refresh (a row marked new or
 * closed). Playwright's waitForSelector and expect() poll from the test
 * process (20 ms, then up to 500 ms apart, plus a round trip each), so on a
 * loaded machine a mark shown for a few hundred ms can come and go between two
 * polls. These arm a MutationObserver inside the page BEFORE the action, so
 * every commit is checked as it happens.
 */
import { expect, type Page } from '@playwright/test';

let nextWatch = 0;

/**
 * Records, from now on, the `attribute` of every element that matches
 * `selector` at any moment. Returns a reader of the values seen so far (for
 * expect.poll).
 */
export async function recordMatches(page: Page, selector: string, attribute: string): Promise<() => Promise<string[]>> {
  const key = `__netscopeSeen${nextWatch++}`;
  await page.evaluate(
    ({ selector, attribute, key }) => {
      const seen = new Set<string>();
      const look = (): void => {
        for (const el of document.querySelectorAll(selector)) seen.add(el.getAttribute(attribute) ?? '');
      };
      look();
      // Observer callbacks run after each commit's mutations, before the page handles its next message.
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
      (window as unknown as Record<string, Set<string>>)[key] = seen;
    },
    { selector, attribute, key },
  );
  return () => page.evaluate((key) => [...((window as unknown as Record<string, Set<string>>)[key] ?? [])], key);
}

/** Arms a watch now; the returned function resolves once `selector` has matched at any moment since. */
export async function watchFor(page: Page, selector: string): Promise<() => Promise<void>> {
  const seen = await recordMatches(page, selector, 'data-testid');
  return () =>
    expect.poll(async () => (await seen()).length, { message: `${selector} was never seen` }).toBeGreaterThan(0);
}
