// The report form, enhanced: photos with upload progress, "use my location", a live character
// count, "already reported?", and a draft kept on this device until the report is sent.
// Without this script the form still posts its text fields to the server.

const form = document.getElementById('report');
const lang = form.dataset.lang === 'en' ? 'en' : 'zh';
const MAX_PHOTOS = Number(form.dataset.maxPhotos) || 6;
const MAX_BYTES = Number(form.dataset.maxBytes) || 10 * 1024 * 1024;
const DRAFT_KEY = 'cc-report-draft-v1';

const TEXT = {
  zh: {
    uploading: '正在上传照片，请稍候…',
    tooMany: `最多 ${MAX_PHOTOS} 张照片`,
    tooBig: '这张照片太大',
    uploadFailed: '上传失败',
    photoPlace: (lat, lng) => `已使用照片中的拍摄位置（${lat.toFixed(5)}, ${lng.toFixed(5)}）`,
    locating: '正在获取位置…',
    located: (m) => `已获取您的位置（误差约 ${Math.round(m)} 米）`,
    locateFailed: '无法获取位置，请填写地址',
    restored: '已恢复您上次未提交的草稿。',
    savedOffline: '网络连接中断，内容已保存在本机。恢复网络后请再点一次“提交反映”。',
    online: '网络已恢复，可以提交了。',
    sending: '正在提交…',
    needContent: '请填写反映内容（至少 2 个字）',
    needConsent: '请勾选同意个人信息使用说明后再提交',
    meToo: '我也遇到',
    meters: (m) => `约 ${m} 米`,
    sameAddress: '同一地址',
    failed: '提交失败，请稍后再试',
    restoredPhoto: '已上传',
  },
  en: {
    uploading: 'Uploading photos, please wait…',
    tooMany: `At most ${MAX_PHOTOS} photos`,
    tooBig: 'This photo is too large',
    uploadFailed: 'Upload failed',
    photoPlace: (lat, lng) => `Using the photo's own location (${lat.toFixed(5)}, ${lng.toFixed(5)})`,
    locating: 'Finding your location…',
    located: (m) => `Location found (within about ${Math.round(m)} m)`,
    locateFailed: 'Could not get your location; please type an address',
    restored: 'Your unsent draft has been restored.',
    savedOffline:
      'The connection dropped; your report is saved on this device. Press "Send report" again when you are back online.',
    online: 'Back online: you can send now.',
    sending: 'Sending…',
    needContent: 'Please describe the problem (at least 2 characters)',
    needConsent: 'Please agree to how your details are used',
    meToo: 'Me too',
    meters: (m) => `about ${m} m`,
    sameAddress: 'same address',
    failed: 'Sending failed; please try again later',
    restoredPhoto: 'uploaded',
  },
}[lang];

const $ = (id) => document.getElementById(id);
const content = $('content');
const count = $('count');
const address = $('address');
const lat = $('lat');
const lng = $('lng');
const anonymous = $('anonymous');
const consent = $('consent');
const locationStatus = $('location-status');
const submitStatus = $('submit-status');
const errors = $('errors');
const photoList = $('photo-list');
const photoInput = $('photo-input');

/** Photos of this report: { token, name, state: 'uploading' | 'done' | 'failed' }. */
let photos = [];
let idempotencyKey = newKey();
/** Set by a "me too" button: the open report this one joins. */
let followsId = null;

function newKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `k${Date.now()}${Math.random().toString(36).slice(2)}0000000000`;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// --- live count ---
function updateCount() {
  const length = Array.from(content.value.trim()).length;
  count.textContent = String(length);
  count.parentElement.classList.toggle('over', length > Number(content.maxLength));
}
content.addEventListener('input', updateCount);

// --- anonymous: no name or number ---
function applyAnonymous() {
  for (const id of ['name', 'phone', 'sms']) {
    const field = $(id);
    if (!field) continue;
    field.disabled = anonymous.checked;
    if (anonymous.checked && field.type !== 'checkbox') field.value = '';
    if (anonymous.checked && field.type === 'checkbox') field.checked = false;
  }
}
anonymous.addEventListener('change', applyAnonymous);

// --- location ---
const locate = $('locate');
if ('geolocation' in navigator) locate.hidden = false;
function setPoint(latitude, longitude, message) {
  lat.value = String(latitude);
  lng.value = String(longitude);
  locationStatus.textContent = message;
  saveDraft();
  lookForSimilar();
}
locate.addEventListener('click', () => {
  locationStatus.textContent = TEXT.locating;
  navigator.geolocation.getCurrentPosition(
    (position) => setPoint(position.coords.latitude, position.coords.longitude, TEXT.located(position.coords.accuracy)),
    () => (locationStatus.textContent = TEXT.locateFailed),
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
});

// --- photos ---
$('photos').hidden = false;
photoInput.addEventListener('change', () => {
  for (const file of Array.from(photoInput.files)) {
    if (photos.filter((p) => p.state !== 'failed').length >= MAX_PHOTOS) {
      submitStatus.textContent = TEXT.tooMany;
      break;
    }
    addPhoto(file);
  }
  photoInput.value = '';
});

function photoTile(photo, preview) {
  const remove = el('button', { type: 'button', class: 'remove', 'aria-label': '×', text: '×' });
  const tile = el('li', {}, [preview, remove]);
  remove.addEventListener('click', () => {
    photo.xhr?.abort();
    photos = photos.filter((p) => p !== photo);
    tile.remove();
    saveDraft();
  });
  photoList.append(tile);
  return tile;
}

function addPhoto(file) {
  const photo = { token: null, name: file.name, state: 'uploading' };
  photos.push(photo);
  const img = el('img', { alt: file.name });
  img.src = URL.createObjectURL(file);
  const tile = photoTile(photo, img);
  const fail = (message) => {
    photo.state = 'failed';
    tile.querySelector('progress')?.remove();
    tile.append(el('span', { class: 'failed', text: message }));
  };
  if (file.size > MAX_BYTES) return fail(TEXT.tooBig);
  const progress = el('progress', { max: '100', value: '0' });
  tile.append(progress);
  const body = new FormData();
  body.append('file', file);
  const xhr = new XMLHttpRequest();
  photo.xhr = xhr;
  xhr.open('POST', '/api/v1/photos');
  xhr.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
  });
  xhr.addEventListener('load', () => {
    let answer = {};
    try {
      answer = JSON.parse(xhr.responseText);
    } catch {
      // not JSON: treated as a failure below
    }
    if (xhr.status !== 201) return fail(answer.error?.message || TEXT.uploadFailed);
    progress.remove();
    photo.token = answer.id;
    photo.state = 'done';
    if (answer.location && !lat.value)
      setPoint(answer.location.lat, answer.location.lng, TEXT.photoPlace(answer.location.lat, answer.location.lng));
    saveDraft();
    settleSubmit();
  });
  xhr.addEventListener('error', () => fail(TEXT.uploadFailed));
  xhr.send(body);
}

// --- "already reported?" ---
let similarTimer;
function lookForSimilar() {
  clearTimeout(similarTimer);
  similarTimer = setTimeout(findSimilar, 700);
}
async function findSimilar() {
  const text = content.value.trim();
  const hasPoint = lat.value && lng.value;
  const where = address.value.trim();
  if (Array.from(text).length < 6 || (!hasPoint && where.length < 4)) return;
  const query = new URLSearchParams({ text });
  if (hasPoint) {
    query.set('lat', lat.value);
    query.set('lng', lng.value);
  }
  if (where) query.set('address', where);
  try {
    const response = await fetch(`/api/v1/submissions/similar?${query}`);
    if (!response.ok) return;
    showSimilar((await response.json()).items || []);
  } catch {
    // Offline: nothing to suggest.
  }
}
function showSimilar(items) {
  const list = $('similar-list');
  list.replaceChildren();
  $('similar').hidden = items.length === 0;
  for (const item of items) {
    const where = item.distanceMeters !== null ? TEXT.meters(item.distanceMeters) : TEXT.sameAddress;
    const date = new Date(item.submittedAt).toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN');
    const button = el('button', { type: 'button', class: 'button secondary small', text: TEXT.meToo });
    const row = el('li', {}, [
      el('span', { text: `${item.subcategory.name} · ${where} · ${item.statusLabel} · ${date}` }),
      button,
    ]);
    button.dataset.followsId = String(item.id);
    // "Me too" sends this report too, merged into that one: the resident follows it under their own code.
    button.addEventListener('click', () => {
      followsId = item.id;
      form.requestSubmit();
    });
    list.append(row);
  }
}
content.addEventListener('input', lookForSimilar);
address.addEventListener('change', lookForSimilar);

function trackHref(code, extra = '') {
  const query = [extra, lang === 'en' ? 'lang=en' : ''].filter(Boolean).join('&');
  return `/track/${encodeURIComponent(code)}${query ? `?${query}` : ''}`;
}

// --- the draft ---
let draftTimer;
function saveDraft() {
  clearTimeout(draftTimer);
  draftTimer = setTimeout(writeDraft, 250);
}
/** Saves at once: before sending, and when the network fails (the resident may close the page). */
function writeDraft() {
  clearTimeout(draftTimer);
  const draft = {
    content: content.value,
    address: address.value,
    lat: lat.value,
    lng: lng.value,
    anonymous: anonymous.checked,
    photos: photos.filter((p) => p.token).map((p) => ({ token: p.token, name: p.name })),
    key: idempotencyKey,
    savedAt: Date.now(),
  };
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Private mode or full storage: the form still works, only without a draft.
  }
}
function restoreDraft() {
  let draft;
  try {
    draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || 'null');
  } catch {
    return;
  }
  // A day later the uploads are gone from the server and the draft is stale.
  if (!draft || Date.now() - draft.savedAt > 20 * 3600 * 1000 || content.value.trim()) return;
  if (!draft.content && !(draft.photos || []).length) return;
  content.value = draft.content || '';
  address.value = draft.address || '';
  lat.value = draft.lat || '';
  lng.value = draft.lng || '';
  anonymous.checked = !!draft.anonymous;
  idempotencyKey = draft.key || idempotencyKey;
  for (const saved of draft.photos || []) {
    const photo = { token: saved.token, name: saved.name, state: 'done' };
    photos.push(photo);
    photoTile(photo, el('span', { class: 'hint', text: `${saved.name} · ${TEXT.restoredPhoto}` }));
  }
  submitStatus.textContent = TEXT.restored;
}
function clearDraft() {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    // nothing to clear
  }
}
for (const field of [content, address, anonymous]) field.addEventListener('input', saveDraft);
anonymous.addEventListener('change', saveDraft);
window.addEventListener('online', () => (submitStatus.textContent = TEXT.online));

// --- sending ---
let waitingToSend = false;
let retriedWithNewKey = false;
function settleSubmit() {
  if (waitingToSend && !photos.some((p) => p.state === 'uploading')) {
    waitingToSend = false;
    form.requestSubmit();
  }
}

function showProblems(problems) {
  errors.replaceChildren(
    el(
      'ul',
      {},
      problems.map((p) => el('li', { text: p.message })),
    ),
  );
  errors.hidden = false;
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  for (const problem of problems) {
    const id = {
      content: 'content',
      'location.address': 'address',
      'contact.name': 'name',
      'contact.phone': 'phone',
      consent: 'consent',
    }[problem.field];
    if (id) $(id).setAttribute('aria-invalid', 'true');
  }
  errors.focus();
}

function body() {
  const location = {};
  if (address.value.trim()) location.address = address.value.trim();
  if (lat.value && lng.value) {
    location.lat = Number(lat.value);
    location.lng = Number(lng.value);
  }
  const contact = {};
  const name = $('name').value.trim();
  const phone = $('phone').value.trim();
  if (name) contact.name = name;
  if (phone) contact.phone = phone;
  const payload = { content: content.value, channel: 'web' };
  if (Object.keys(location).length) payload.location = location;
  if (Object.keys(contact).length && !anonymous.checked) payload.contact = contact;
  if (anonymous.checked) payload.anonymous = true;
  if ($('sms')?.checked) payload.notifyBySms = true;
  const tokens = photos.filter((p) => p.state === 'done' && p.token).map((p) => p.token);
  if (tokens.length) payload.photoIds = tokens;
  if (followsId !== null) payload.followsId = followsId;
  return payload;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const problems = [];
  if (Array.from(content.value.trim()).length < 2) problems.push({ field: 'content', message: TEXT.needContent });
  if (!consent.checked) problems.push({ field: 'consent', message: TEXT.needConsent });
  if (problems.length) {
    followsId = null;
    return showProblems(problems);
  }
  if (photos.some((p) => p.state === 'uploading')) {
    waitingToSend = true;
    submitStatus.textContent = TEXT.uploading;
    return;
  }
  const submit = $('submit');
  submit.disabled = true;
  submitStatus.textContent = TEXT.sending;
  writeDraft();
  let response;
  try {
    response = await fetch('/api/v1/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body()),
    });
  } catch {
    submit.disabled = false;
    submitStatus.textContent = TEXT.savedOffline;
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (response.status === 201) {
    clearTimeout(draftTimer);
    clearDraft();
    window.location.assign(trackHref(answer.trackingCode, 'new=1'));
    return;
  }
  submit.disabled = false;
  submitStatus.textContent = '';
  followsId = null;
  const error = answer.error || {};
  // The same key was used for a different text (say, the first send went through but its answer
  // was lost, then the text was edited): this is a new report, so it gets a new key.
  if (error.code === 'idempotency_key_reused' && !retriedWithNewKey) {
    retriedWithNewKey = true;
    idempotencyKey = newKey();
    saveDraft();
    form.requestSubmit();
    return;
  }
  showProblems(
    error.fields && error.fields.length ? error.fields : [{ field: 'form', message: error.message || TEXT.failed }],
  );
});

applyAnonymous();
restoreDraft();
updateCount();
