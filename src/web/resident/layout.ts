import { html, Html } from './html';
import type { Lang, Messages } from './i18n';

/** Links inside the resident pages keep the chosen language. */
export function localHref(path: string, lang: Lang): string {
  if (lang !== 'en') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=en`;
}

/** The page shell: one stylesheet, one deferred script, nothing from other servers. */
export function page(options: {
  lang: Lang;
  t: Messages;
  title: string;
  body: Html;
  script?: string;
  /** The current path, for the language switch. */
  path: string;
}): string {
  const { lang, t } = options;
  const switchTo = lang === 'en' ? options.path : localHref(options.path, 'en');
  return html`<!doctype html>
    <html lang="${lang === 'en' ? 'en' : 'zh-CN'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="format-detection" content="telephone=no" />
        <title>${options.title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/resident.css" />
        ${options.script ? html`<script type="module" src="/assets/${options.script}"></script>` : ''}
      </head>
      <body>
        <header class="top">
          <a class="brand" href="${localHref('/', lang)}">${t.siteName}</a>
          <nav>
            <a href="${localHref('/track', lang)}">${t.trackTitle}</a>
            <a href="${localHref('/stats', lang)}">${lang === 'en' ? 'Figures' : '办理公开'}</a>
            <a href="${switchTo}" lang="${lang === 'en' ? 'zh-CN' : 'en'}">${t.switchLang}</a>
          </nav>
        </header>
        <main>${options.body}</main>
        <footer class="foot">${t.footer}</footer>
      </body>
    </html>`.value;
}

const DATE_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
};

/** A moment as the district reads it (Beijing time). */
export function formatTime(iso: string, lang: Lang): string {
  return DATE_FORMATS[lang].format(new Date(iso));
}
