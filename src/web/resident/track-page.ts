import { html, Html } from './html';
import { fill, Lang, messages, Messages } from './i18n';
import { formatTime, localHref, page } from './layout';

/** The public tracking answer of GET /api/v1/submissions/{code}, as the page reads it. */
export interface TrackedJson {
  /** Absent for the report a duplicate follows: its code is its resident's alone. */
  trackingCode?: string;
  status: string;
  statusLabel: string;
  category: { code: string; name: string; char: string };
  subcategory: { code: string; name: string };
  department: { code: string; name: string };
  deadline: string;
  submittedAt: string;
  updatedAt: string;
  supporterCount: number;
  timeline: { at: string; type: string; statusLabel: string | null; note: string | null; actor: string }[];
  photos: { id: number; kind: string; url: string; thumbnailUrl: string }[];
  feedback?: { canRate: boolean; rateBy: string | null; latest: { rating: number; outcome: string } | null };
  mergedInto?: TrackedJson | null;
}

const STATUS_EN: Record<string, string> = {
  submitted: 'Received, awaiting dispatch',
  assigned: 'Sent to the department',
  accepted: 'Accepted by the department',
  in_progress: 'Being fixed',
  resolved: 'Fixed, awaiting your rating',
  closed: 'Closed',
  rejected: 'Not accepted',
  duplicate: 'Merged with a similar report',
  returned: 'Back at dispatch',
  reopened: 'Reopened',
  withdrawn: 'Withdrawn by the resident',
};

function statusText(status: string, label: string, lang: Lang): string {
  return lang === 'en' ? (STATUS_EN[status] ?? label) : label;
}

/** The code box: /track. */
export function trackLookupPage(options: { lang: Lang; code?: string; problem?: string }): string {
  const { lang } = options;
  const t = messages(lang);
  const body = html` <section class="card">
      <h1>${t.trackTitle}</h1>
      <form method="get" action="/track" class="lookup">
        ${lang === 'en' ? html`<input type="hidden" name="lang" value="en" />` : ''}
        <label for="code" class="label">${t.codeLabel}</label>
        <p class="hint">${t.trackHint}</p>
        <div class="row">
          <input
            type="text"
            id="code"
            name="code"
            required
            maxlength="20"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            value="${options.code ?? ''}"
            ${options.problem ? html` aria-invalid="true"` : ''}
          />
          <button type="submit" class="button primary">${t.trackButton}</button>
        </div>
        ${options.problem ? html`<p class="field-error" role="alert">${options.problem}</p>` : ''}
      </form>
    </section>
    <p class="center"><a href="${localHref('/', lang)}">${t.newReportLink}</a></p>`;
  return page({ lang, t, title: `${t.trackTitle} · ${t.siteName}`, body, path: '/track' });
}

/** The part of the tracking page that changes while it is open; the script swaps it in. */
export function trackLive(report: TrackedJson, lang: Lang): Html {
  const t = messages(lang);
  const merged = report.mergedInto;
  return html` <section class="card status-card" data-updated="${report.updatedAt}" data-status="${report.status}">
      <p class="status status-${report.status}">${statusText(report.status, report.statusLabel, lang)}</p>
      <dl class="facts">
        ${
          report.trackingCode
            ? html`<dt>${t.codeLabel}</dt>
                <dd class="code">${report.trackingCode}</dd>`
            : ''
        }
        <dt>${t.category}</dt>
        <dd>
          ${report.category.char ? html`<b class="char char-${report.category.code}">${report.category.char}</b>` : ''}${report.subcategory.name}
        </dd>
        <dt>${t.department}</dt>
        <dd>${report.department.name}</dd>
        <dt>${t.deadline}</dt>
        <dd>${formatTime(report.deadline, lang)}</dd>
      </dl>
      ${report.supporterCount > 0 ? html`<p class="muted">${fill(t.supporters, { n: report.supporterCount })}</p>` : ''}
    </section>
    ${
      merged
        ? html`<p class="notice">${t.mergedInto}</p>
            ${trackLive(merged, lang)}`
        : ''
    }
    ${feedbackSection(report, lang, t)} ${photoSection(report, t)}
    <section class="card">
      <h2>${t.timeline}</h2>
      <ol class="timeline">
        ${[...report.timeline].reverse().map(
          (event) =>
            html`<li>
              <time datetime="${event.at}">${formatTime(event.at, lang)}</time>
              <p class="event">
                ${event.statusLabel ?? (event.type === 'reply' ? (lang === 'en' ? 'Reply' : '答复') : event.type === 'extension' ? (lang === 'en' ? 'Deadline extended' : '延期') : '')}
                <span class="actor">${event.actor}</span>
              </p>
              ${event.note ? html`<p class="note">${event.note}</p>` : ''}
            </li>`,
        )}
      </ol>
    </section>`;
}

function photoSection(report: TrackedJson, t: Messages): Html | string {
  if (report.photos.length === 0) return '';
  return html`<section class="card">
    <h2>${t.photos}</h2>
    <ul class="gallery">
      ${report.photos.map(
        (photo) =>
          html`<li>
            <a href="${photo.url}"
              ><img
                src="${photo.thumbnailUrl}"
                alt="${photo.kind === 'before_photo' ? t.beforePhoto : t.afterPhoto}"
                loading="lazy" /></a
            ><span>${photo.kind === 'before_photo' ? t.beforePhoto : t.afterPhoto}</span>
          </li>`,
      )}
    </ul>
  </section>`;
}

function feedbackSection(report: TrackedJson, lang: Lang, t: Messages): Html | string {
  const feedback = report.feedback;
  if (!feedback || !report.trackingCode) return '';
  if (!feedback.canRate) {
    return feedback.latest ? html`<p class="notice">${t.ratedThanks}</p>` : '';
  }
  return html`<section class="card rate">
    <h2>${t.rateTitle}</h2>
    ${feedback.rateBy ? html`<p class="hint">${fill(t.rateHint, { date: formatTime(feedback.rateBy, lang) })}</p>` : ''}
    <form method="post" action="${localHref(`/track/${report.trackingCode}/feedback`, lang)}" id="rate-form">
      <fieldset class="stars">
        <legend class="label">${t.ratingLabel}</legend>
        ${[5, 4, 3, 2, 1].map(
          (n) =>
            html`<label
              ><input type="radio" name="rating" value="${n}" required /> ${'★'.repeat(n)}${'☆'.repeat(5 - n)}</label
            >`,
        )}
      </fieldset>
      <fieldset class="fixed">
        <legend class="label">${t.fixedLabel}</legend>
        <label><input type="radio" name="fixed" value="yes" checked /> ${t.fixedYes}</label>
        <label><input type="radio" name="fixed" value="no" /> ${t.fixedNo}</label>
      </fieldset>
      <label class="label" for="comment">${t.commentLabel}</label>
      <textarea id="comment" name="comment" rows="3" maxlength="500"></textarea>
      <button type="submit" class="button primary">${t.rateSubmit}</button>
    </form>
  </section>`;
}

/** /track/{code}: a report's public progress; `justSubmitted` adds the "keep your code" banner. */
export function trackPage(options: {
  lang: Lang;
  report: TrackedJson;
  justSubmitted: boolean;
  problem?: string;
}): string {
  const { lang, report } = options;
  const t = messages(lang);
  const body = html` ${
      options.justSubmitted
        ? html`<section class="card submitted" role="status">
            <h1>${t.submittedTitle}</h1>
            <p class="big-code" id="tracking-code">${report.trackingCode}</p>
            <button type="button" class="button secondary" id="copy-code" data-code="${report.trackingCode}" hidden>
              ${t.copy}
            </button>
            <p>${t.category}：${report.subcategory.name} · ${t.department}：${report.department.name}</p>
            <p>${t.deadline}：${formatTime(report.deadline, lang)}</p>
          </section>`
        : html`<h1 class="page-title">${t.trackTitle}</h1>`
    }
    ${options.problem ? html`<p class="field-error" role="alert">${options.problem}</p>` : ''}
    <div id="live" data-code="${report.trackingCode}" data-lang="${lang}">${trackLive(report, lang)}</div>
    <p class="hint center">${t.liveHint}</p>
    <p class="center"><a href="${localHref('/', lang)}">${t.newReportLink}</a></p>`;
  return page({
    lang,
    t,
    title: `${report.trackingCode} · ${t.siteName}`,
    body,
    script: 'track.js',
    path: `/track/${report.trackingCode}`,
  });
}

export function notFoundPage(lang: Lang, code: string): string {
  return trackLookupPage({ lang, code, problem: messages(lang).notFound });
}
