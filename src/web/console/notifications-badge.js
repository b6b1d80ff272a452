/**
 * The unread count beside 通知 in the header. Fetched when the header is drawn and after a
 * message is read; a failure just leaves the badge as it was (the page itself reports errors).
 */
import { api } from './api.js';

export async function refreshUnreadBadge() {
  const badge = document.getElementById('unread-count');
  if (!badge) return;
  try {
    const data = await api.get('/api/v1/staff/notifications', { limit: 1 });
    const unread = data.unread ?? 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.hidden = unread === 0;
    badge.title = `${unread} 条未读`;
  } catch {
    // Keep whatever the badge showed.
  }
}
