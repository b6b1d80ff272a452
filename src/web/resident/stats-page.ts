import type { PublicStatistics } from '../../services/statistics/public-statistics';
import { html } from './html';
import { Lang, messages } from './i18n';
import { formatTime, page } from './layout';

/** /stats: the mailbox in figures, for anyone. */
export function statsPage(lang: Lang, stats: PublicStatistics): string {
  const t = messages(lang);
  const en = lang === 'en';
  const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const max = Math.max(1, ...stats.byCategory.map((c) => c.count));
  const body = html`
    <h1 class="page-title">${en ? 'The mailbox in figures' : '创城信箱 · 办理情况公开'}</h1>
    <section class="card figures">
      <dl class="facts">
        <dt>${en ? 'Reports received' : '收到反映'}</dt>
        <dd id="received">${stats.received}</dd>
        <dt>${en ? 'Fixed' : '已整改办结'}</dt>
        <dd id="resolved">${stats.resolved}</dd>
        <dt>${en ? 'Fixed on time' : '按时办结率'}</dt>
        <dd id="on-time">${percent(stats.onTimeRate)}</dd>
        <dt>${en ? 'Residents’ rating' : '群众满意度'}</dt>
        <dd id="rating">${stats.averageRating === null ? '—' : `${stats.averageRating} / 5（${stats.ratings}）`}</dd>
      </dl>
    </section>
    <section class="card">
      <h2>${en ? 'By category' : '按问题分类'}</h2>
      <ul class="bars">
        ${stats.byCategory.map(
          (c) =>
            html`<li>
              <span class="bar-label"><b class="char char-${c.code}">${c.char}</b>${c.name}</span>
              <span class="bar"><span style="width:${Math.round((c.count / max) * 100)}%"></span></span>
              <span class="bar-count">${c.count}</span>
            </li>`,
        )}
      </ul>
    </section>
    <section class="card">
      <h2>${en ? 'Recently fixed' : '近期整改案例'}</h2>
      ${
        stats.recentCases.length === 0
          ? html`<p class="muted">${en ? 'No closed cases with photos yet.' : '暂无带照片的办结案例。'}</p>`
          : html`<ul class="cases">
              ${stats.recentCases.map(
                (c) =>
                  html`<li>
                    <p><b>${c.subcategory}</b> · ${c.department} · ${formatTime(c.resolvedAt, lang)}</p>
                    <ul class="gallery">
                      ${c.photos.map(
                        (p) =>
                          html`<li>
                            <img
                              src="/api/v1/public/photos/${p.id}?size=thumb"
                              alt="${p.kind === 'before_photo' ? t.beforePhoto : t.afterPhoto}"
                              loading="lazy"
                            />
                            <span>${p.kind === 'before_photo' ? t.beforePhoto : t.afterPhoto}</span>
                          </li>`,
                      )}
                    </ul>
                  </li>`,
              )}
            </ul>`
      }
    </section>
    <p class="hint center">${en ? 'Updated every minute' : '每分钟更新'} · ${formatTime(stats.generatedAt, lang)}</p>
  `;
  return page({ lang, t, title: `${en ? 'Figures' : '办理情况公开'} · ${t.siteName}`, body, path: '/stats' });
}
