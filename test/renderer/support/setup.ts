// Setup of the renderer tests. jsdom has no layout, so scroll containers get a fixed size
// and a scroll position that `scrollTo` moves; TanStack Virtual then renders the rows of a
// 600-pixel-high window as it does in Chromium.
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

const VIEW_HEIGHT = 600;
const VIEW_WIDTH = 800;

Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get: () => VIEW_HEIGHT,
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get: () => VIEW_WIDTH,
});
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
  configurable: true,
  get: () => VIEW_HEIGHT,
});
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
  configurable: true,
  get: () => VIEW_WIDTH,
});

// A scroll container is as high as the content it holds: for a virtual list, the inner
// element whose height TanStack Virtual sets to the total of all rows.
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement) {
    const inner = this.firstElementChild;
    const height = inner instanceof HTMLElement ? parseFloat(inner.style.height) : NaN;
    return Number.isFinite(height) ? Math.max(height, VIEW_HEIGHT) : VIEW_HEIGHT;
  },
});

const scrollTops = new WeakMap<Element, number>();
Object.defineProperty(Element.prototype, 'scrollTop', {
  configurable: true,
  get(this: Element) {
    return scrollTops.get(this) ?? 0;
  },
  set(this: Element, value: number) {
    scrollTops.set(this, value);
  },
});
Element.prototype.scrollTo = function scrollTo(
  this: Element,
  options?: ScrollToOptions | number,
  y?: number,
) {
  const top = typeof options === 'number' ? (y ?? 0) : (options?.top ?? 0);
  scrollTops.set(this, top);
  // Browsers fire scroll events after the scroll, not inside the call.
  setTimeout(() => this.dispatchEvent(new Event('scroll')), 0);
};

afterEach(() => {
  cleanup();
});
