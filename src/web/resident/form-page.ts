import { CATEGORIES } from '../../domain/taxonomy';
import { MAX_PHOTOS_PER_REPORT } from '../../domain/photos';
import { html } from './html';
import { fill, Lang, messages } from './i18n';
import { localHref, page } from './layout';

/** What the resident typed, sent back into the form when it has to be corrected. */
export interface FormValues {
  readonly content?: string;
  readonly address?: string;
  readonly lat?: string;
  readonly lng?: string;
  readonly name?: string;
  readonly phone?: string;
  readonly anonymous?: boolean;
  readonly notifyBySms?: boolean;
  readonly consent?: boolean;
}

export interface FormProblem {
  readonly field: string;
  readonly message: string;
}

export const CONTENT_MAX = 2000;

/**
 * The mailbox's front page: what it is for, and the report form. It works as a plain HTML form
 * (text, address, contact); the script adds photos, "use my location", the live count, "already
 * reported?" and a draft that survives a dropped connection.
 */
export function formPage(options: {
  lang: Lang;
  values?: FormValues;
  problems?: readonly FormProblem[];
  smsAvailable: boolean;
  uploadMaxBytes: number;
}): string {
  const { lang } = options;
  const t = messages(lang);
  const v = options.values ?? {};
  const problems = options.problems ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`));
  const fieldError = (field: string) => {
    const problem = problemOf(field);
    return problem ? html`<p class="field-error" id="${field}-error">${problem.message}</p>` : '';
  };
  const invalid = (field: string) =>
    problemOf(field) ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
  const maxMb = Math.round((options.uploadMaxBytes / 1024 / 1024) * 10) / 10;
  const contentLength = [...(v.content ?? '')].length;

  const body = html` <section class="intro">
      <h1>${t.siteName}</h1>
      <p class="tagline">${t.tagline}</p>
      <details class="categories" open>
        <summary>${t.categoriesTitle}</summary>
        <ul>
          ${CATEGORIES.filter((c) => c.code !== 'other').map(
            (c) =>
              html`<li>
                <b class="char char-${c.code}">${c.char}</b
                >${t.categoryLines[c.code as keyof typeof t.categoryLines].slice(2)}
              </li>`,
          )}
        </ul>
        <p class="muted">${t.other}</p>
      </details>
    </section>

    <form
      id="report"
      class="card"
      method="post"
      action="${localHref('/', lang)}"
      data-lang="${lang}"
      data-max-photos="${MAX_PHOTOS_PER_REPORT}"
      data-max-bytes="${options.uploadMaxBytes}"
    >
      ${
        problems.length > 0
          ? html`<div class="errors" role="alert" tabindex="-1" id="errors">
              <p>${t.errorsTitle}</p>
              <ul>
                ${problems.map((p) => html`<li>${p.message}</li>`)}
              </ul>
            </div>`
          : html`<div class="errors" role="alert" tabindex="-1" id="errors" hidden></div>`
      }

      <label for="content" class="label">${t.contentLabel}</label>
      <p class="hint" id="content-hint">${t.contentHint}</p>
      <textarea
        id="content"
        name="content"
        rows="6"
        required
        minlength="2"
        maxlength="${CONTENT_MAX}"
        aria-describedby="content-hint"
        ${invalid('content')}
      >
${v.content ?? ''}</textarea>
      <p class="counter"><span id="count">${contentLength}</span> / ${CONTENT_MAX}</p>
      ${fieldError('content')}

      <fieldset id="photos" class="photos" hidden>
        <legend class="label">${t.photosLabel}</legend>
        <p class="hint">${fill(t.photosHint, { max: maxMb })}</p>
        <ul id="photo-list" class="photo-list"></ul>
        <label class="button secondary" id="add-photos-label">
          <input
            type="file"
            id="photo-input"
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
            multiple
          />
          ${t.addPhotos}
        </label>
      </fieldset>

      <fieldset class="location">
        <legend class="label">${t.locationLabel}</legend>
        <input
          type="text"
          id="address"
          name="address"
          maxlength="200"
          autocomplete="street-address"
          placeholder="${t.addressPlaceholder}"
          value="${v.address ?? ''}"
          ${invalid('location')}
        />
        <input type="hidden" id="lat" name="lat" value="${v.lat ?? ''}" />
        <input type="hidden" id="lng" name="lng" value="${v.lng ?? ''}" />
        <button type="button" class="button secondary" id="locate" hidden>${t.useMyLocation}</button>
        <p class="hint" id="location-status" aria-live="polite"></p>
        ${fieldError('location')}
      </fieldset>

      <section id="similar" class="similar" hidden aria-live="polite">
        <p class="label">${t.similarTitle}</p>
        <p class="hint">${t.similarHint}</p>
        <ul id="similar-list"></ul>
      </section>

      <fieldset class="contact">
        <legend class="label">${t.contactLabel}</legend>
        <div class="row">
          <label
            >${t.nameLabel}<input
              type="text"
              id="name"
              name="name"
              maxlength="50"
              autocomplete="name"
              value="${v.name ?? ''}"
              ${invalid('contact.name')}
          /></label>
          <label
            >${t.phoneLabel}<input
              type="tel"
              id="phone"
              name="phone"
              maxlength="20"
              inputmode="tel"
              autocomplete="tel"
              value="${v.phone ?? ''}"
              ${invalid('contact.phone')}
          /></label>
        </div>
        ${fieldError('contact')}
        ${
          options.smsAvailable
            ? html`<label class="check"
                ><input
                  type="checkbox"
                  id="sms"
                  name="notifyBySms"
                  value="yes"
                  ${v.notifyBySms ? html` checked` : ''}
                />
                ${t.smsLabel}</label
              >`
            : ''
        }
        <label class="check"
          ><input type="checkbox" id="anonymous" name="anonymous" value="yes" ${v.anonymous ? html` checked` : ''} />
          ${t.anonymousLabel}</label
        >
      </fieldset>

      <label class="check consent"
        ><input
          type="checkbox"
          id="consent"
          name="consent"
          value="yes"
          required${v.consent ? html` checked` : ''}${invalid('consent')}
        />
        ${t.consent}</label
      >
      ${fieldError('consent')}

      <button type="submit" class="button primary" id="submit">${t.submit}</button>
      <p id="submit-status" class="hint" aria-live="polite"></p>
    </form>

    <p class="center"><a href="${localHref('/track', lang)}">${t.trackLink}</a></p>`;
  return page({ lang, t, title: t.siteName, body, script: 'form.js', path: '/' });
}
