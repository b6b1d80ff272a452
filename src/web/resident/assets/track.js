// The tracking page, kept current: it asks the public API whether the report changed and, when
// it did, swaps in the freshly rendered part of the page. The code can be copied with one tap.

const live = document.getElementById('live');
const code = live.dataset.code;
const lang = live.dataset.lang === 'en' ? 'en' : 'zh';
const POLL_MS = 10_000;

const copy = document.getElementById('copy-code');
if (copy && navigator.clipboard) {
  copy.hidden = false;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(copy.dataset.code);
      copy.textContent = lang === 'en' ? 'Copied' : '已复制';
    } catch {
      // Clipboard refused (e.g. in some in-app browsers): the code is selectable by hand.
    }
  });
}

function signature(report) {
  const own = `${report.status}|${report.updatedAt}|${report.timeline.length}|${report.photos.length}|${report.supporterCount}`;
  return report.mergedInto ? `${own}/${signature(report.mergedInto)}` : own;
}

let last;
async function poll() {
  // A resident typing a rating comment must not lose it to a refresh.
  const typing = document.activeElement && document.activeElement.closest('#rate-form');
  if (document.hidden || typing) return;
  try {
    const response = await fetch(`/api/v1/submissions/${encodeURIComponent(code)}`, { cache: 'no-store' });
    if (!response.ok) return;
    const now = signature(await response.json());
    if (last !== undefined && now !== last) {
      const part = await fetch(`/track/${encodeURIComponent(code)}/live${lang === 'en' ? '?lang=en' : ''}`, {
        cache: 'no-store',
      });
      // The fragment is rendered by our own server with every value escaped.
      if (part.ok) live.innerHTML = await part.text();
    }
    last = now;
  } catch {
    // Offline for a moment: the next round tries again.
  }
}

poll();
setInterval(poll, POLL_MS);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) poll();
});
