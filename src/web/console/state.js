/**
 * What the console keeps between pages: the logged-in user and the reference data (categories,
 * departments) that almost every page needs and that rarely changes.
 */
import { api, itemsOf, setCsrfToken } from './api.js';

let currentUser = null;

/** Accepts the answer of log-in or `GET /auth/me`. */
export function setSession(data) {
  currentUser = data?.user ?? null;
  setCsrfToken(data?.csrfToken);
}

export function clearSession() {
  currentUser = null;
  setCsrfToken(null);
}

export function user() {
  return currentUser;
}

export function hasRole(...roles) {
  return Boolean(currentUser && roles.includes(currentUser.role));
}

/** Roles that see the supervision board and decide on extensions. */
export const SUPERVISOR_ROLES = ['leader', 'dispatcher', 'admin'];
/** Roles that triage: classification, (re)assignment, 协办, merge. */
export const DISPATCH_ROLES = ['dispatcher', 'admin'];

/**
 * Every department the user works for or covers. The API sends `departmentIds`; an older answer
 * without it still has `departmentId`.
 */
export function userDepartmentIds() {
  if (!currentUser) return [];
  const ids = new Set(Array.isArray(currentUser.departmentIds) ? currentUser.departmentIds : []);
  if (currentUser.departmentId !== null && currentUser.departmentId !== undefined) ids.add(currentUser.departmentId);
  return [...ids];
}

// ---------------------------------------------------------------------------------------------
// Reference data, fetched once per session; a failed fetch is forgotten so the next page retries.

let categoriesPromise = null;
let departmentsPromise = null;

export function loadCategories() {
  categoriesPromise ??= api
    .get('/api/v1/categories')
    .then(itemsOf)
    .catch((error) => {
      categoriesPromise = null;
      throw error;
    });
  return categoriesPromise;
}

export function loadDepartments() {
  departmentsPromise ??= api
    .get('/api/v1/departments')
    .then(itemsOf)
    .catch((error) => {
      departmentsPromise = null;
      throw error;
    });
  return departmentsPromise;
}

/** After an admin changes departments every page should see the new list. */
export function forgetDepartments() {
  departmentsPromise = null;
}

export function categoryName(categories, code) {
  const category = categories.find((item) => item.code === code);
  return category ? category.name : (code ?? '—');
}

export function subcategoryName(categories, categoryCode, subCode) {
  const category = categories.find((item) => item.code === categoryCode);
  const sub = category?.subcategories?.find((item) => item.code === subCode);
  return sub ? sub.name : (subCode ?? '');
}

/** "治脏 · 垃圾满溢、清运不及时" */
export function classificationText(categories, categoryCode, subCode) {
  const sub = subcategoryName(categories, categoryCode, subCode);
  return sub ? `${categoryName(categories, categoryCode)} · ${sub}` : categoryName(categories, categoryCode);
}

export function departmentName(departments, id) {
  const department = departments.find((item) => String(item.id) === String(id));
  return department ? department.name : '—';
}
