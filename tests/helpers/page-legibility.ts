import type { Page } from 'playwright-core';

/** WCAG contrast ratio of two "rgb(r, g, b)" colours. */
export function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

type ShownText = { text: string; colour: string; background: string; link: boolean };

/**
 * What a person at this window size could not read on the page:
 * - a link below WCAG AA (4.5) against what is behind it — the raw browser blue on
 *   Strapi's dark background is 2:1 — or any other text below 3:1, the large-text floor
 *   (Strapi's own subdued hints sit between the two);
 * - a page wider than the window, or a table whose columns run past its box (text
 *   should wrap or truncate with a tooltip instead).
 * Only the page's own content (`main`) is read, not Strapi's menu or its announcements.
 * Disabled controls are left out (low contrast is how they say so), and so is text
 * made for screen readers alone (clipped to a pixel).
 */
export async function illegibleParts(page: Page): Promise<string[]> {
  const { texts, pageWidth, windowWidth, tables } = await page.evaluate(() => {
    const opaque = (css: string) => !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(css);
    const behind = (element: Element): string => {
      for (let box: Element | null = element; box; box = box.parentElement) {
        const background = getComputedStyle(box).backgroundColor;
        if (opaque(background)) return background;
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const shown: ShownText[] = [];
    const main = document.querySelector('main') ?? document.body;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      const text = walker.currentNode.textContent?.trim();
      if (!text || !parent || !parent.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
        continue;
      if (parent.closest('[disabled], [aria-disabled="true"], svg')) continue;
      const { width, height } = parent.getBoundingClientRect();
      if (width <= 1 || height <= 1) continue;
      shown.push({
        text: text.slice(0, 60),
        colour: getComputedStyle(parent).color,
        background: behind(parent),
        link: parent.closest('a[href]') !== null,
      });
    }
    const tables = Array.from(main.querySelectorAll('table'))
      .filter((table) => table.checkVisibility())
      .map((table) => {
        let box: HTMLElement | null = table.parentElement;
        while (box && !/auto|scroll|hidden/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
        const scroller = box ?? document.documentElement;
        return {
          head: table.querySelector('th')?.textContent?.trim() ?? '',
          scrollWidth: scroller.scrollWidth,
          clientWidth: scroller.clientWidth,
        };
      });
    return {
      texts: shown,
      pageWidth: document.documentElement.scrollWidth,
      windowWidth: window.innerWidth,
      tables,
    };
  });
  const found: string[] = [];
  for (const t of texts) {
    const ratio = contrast(t.colour, t.background);
    if (ratio < (t.link ? 4.5 : 3))
      found.push(
        `"${t.text}"${t.link ? ' (link)' : ''} ${t.colour} on ${t.background}: ${ratio.toFixed(2)}:1`,
      );
  }
  if (pageWidth > windowWidth) found.push(`the page is ${pageWidth} px wide in a ${windowWidth} px window`);
  for (const t of tables)
    if (t.scrollWidth > t.clientWidth)
      found.push(`the table starting "${t.head}" is ${t.scrollWidth} px wide in a ${t.clientWidth} px box`);
  return found;
}
