/**
 * ECharts on the console's pages: canvas renderer, Chinese built-in texts, the colours of the
 * resident pages, and one place that keeps charts fitted to their boxes (window resize, layout
 * changes, printing) and lets go of the charts of a page that is gone.
 */
import { h } from './dom.js';

/** The campaign's four characters as the resident pages colour them (脏 green, 乱 orange, 差 brown, 粗 blue). */
export const CATEGORY_COLORS = {
  dirty: '#2e7d32',
  disorder: '#ef6c00',
  shabby: '#6d4c41',
  crude: '#1565c0',
  other: '#757575',
};

export const SERIES_COLORS = { received: '#1f5fa8', resolved: '#2e7d32', overdue: '#c62828' };

export const TEXT_STYLE = {
  fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
};

/** Charts drawn and not yet disposed, with what watches their box. */
const live = new Map();

/** An empty box for a chart: `id` is the test hook, `label` what a screen reader hears first. */
export function chartBox(id, label, className = 'chart') {
  return h('div', { id, class: className, role: 'img', 'aria-label': label });
}

/**
 * Draws `option` into `element` (already in the page, so that it has a size). `onClick(params)`
 * receives ECharts' click event (`params.data`, `params.name`, `params.seriesIndex`…).
 * `pixelRatio` 2 keeps a printed chart sharp.
 */
export function mountChart(echarts, element, option, { onClick, pixelRatio } = {}) {
  sweep();
  const chart = echarts.init(element, null, {
    renderer: 'canvas',
    locale: 'ZH',
    ...(pixelRatio ? { devicePixelRatio: pixelRatio } : {}),
  });
  // `data-rendered` once the first drawing (and its animation) is over: a hook for tests and print.
  chart.on('finished', () => (element.dataset.rendered = 'true'));
  chart.setOption({ textStyle: TEXT_STYLE, aria: { enabled: true }, animation: !isPrinting(), ...option });
  if (onClick) {
    chart.on('click', onClick);
    // A clickable chart says so with the pointer over its items.
    element.classList.add('chart-clickable');
  }
  let observer = null;
  if (typeof window.ResizeObserver === 'function') {
    observer = new window.ResizeObserver(() => resize(chart));
    observer.observe(element);
  }
  live.set(chart, { element, observer });
  return chart;
}

function resize(chart) {
  if (!chart.isDisposed()) chart.resize({ animation: { duration: 0 } });
}

function isPrinting() {
  return typeof window.matchMedia === 'function' && window.matchMedia('print').matches;
}

/** Disposes the charts of pages that were replaced (app.js swaps the whole <section>). */
export function sweep() {
  for (const [chart, { element, observer }] of live) {
    if (element.isConnected) continue;
    observer?.disconnect();
    if (!chart.isDisposed()) chart.dispose();
    live.delete(chart);
  }
}

function resizeAll() {
  sweep();
  for (const chart of live.keys()) resize(chart);
}

// Without ResizeObserver the window's size is the only signal; printing changes the page width
// without a resize event, so charts are fitted before and after it too.
let frame = 0;
window.addEventListener('resize', () => {
  if (frame) return;
  frame = window.requestAnimationFrame(() => {
    frame = 0;
    resizeAll();
  });
});
window.addEventListener('beforeprint', resizeAll);
window.addEventListener('afterprint', resizeAll);
// After the router has swapped the page (its listener may run after this one).
window.addEventListener('hashchange', () => setTimeout(sweep, 0));
