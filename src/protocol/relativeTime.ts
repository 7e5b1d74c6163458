/**
 * Relative times ("now", "5 min. ago", "Yesterday", "Mon", "12 Mar") and day labels in VS Code's display language,
 * through Intl (nothing to translate); pure, so the webview and the host's QuickPicks share it.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function relativeTime(at: number, now: number, locale: string): string {
  const diff = now - at;
  if (diff < MINUTE) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }).format(0, 'second');
  if (diff < HOUR) return new Intl.RelativeTimeFormat(locale, { style: 'short' }).format(-Math.floor(diff / MINUTE), 'minute');
  const days = calendarDaysBetween(at, now);
  if (days === 0) return new Intl.RelativeTimeFormat(locale, { style: 'short' }).format(-Math.floor(diff / HOUR), 'hour');
  if (days === 1) return capitalise(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day'), locale);
  if (days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(at);
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

/** Day separator label in a thread: "Today", "Yesterday", or a full date. */
export function dayLabel(at: number, now: number, locale: string): string {
  const days = calendarDaysBetween(at, now);
  if (days === 0 || days === 1) return capitalise(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-days, 'day'), locale);
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/** Full timestamp for hover titles. */
export function fullTime(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(at);
}

export function clockTime(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** Local calendar day key (so grouping follows the user's midnight, not UTC's). */
export function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function calendarDaysBetween(at: number, now: number): number {
  const a = new Date(at);
  const b = new Date(now);
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime();
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime();
  return Math.round((startB - startA) / (24 * HOUR));
}

function capitalise(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
