/**
 * Loads ECharts (about 1 MB) on the first page that draws a chart, and only there: the queue and
 * the detail pages never pay for it. The server serves the file from the installed npm package
 * (src/http/routes/console.ts); nothing comes from another host, so `script-src 'self'` holds.
 */

export const ECHARTS_URL = '/console/vendor/echarts.min.js';

let loading = null;

/** Resolves with `window.echarts`; a failed load is forgotten so that "重试" loads again. */
export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = ECHARTS_URL;
    script.async = true;
    script.dataset.vendor = 'echarts';
    script.addEventListener('load', () => {
      if (window.echarts) resolve(window.echarts);
      else fail(script, reject);
    });
    script.addEventListener('error', () => fail(script, reject));
    document.head.append(script);
  });
  return loading;
}

function fail(script, reject) {
  script.remove();
  loading = null;
  reject(new Error('图表组件加载失败，请检查网络后重试'));
}
