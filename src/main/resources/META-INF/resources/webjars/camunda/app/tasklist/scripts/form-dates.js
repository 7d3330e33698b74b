/*
 * Release Desk's dates in Tasklist's forms. A form-js date field reads a typed date only in the browser's own format
 * (month/day/year in an American browser) and silently empties one it cannot read, or one before the first day it
 * allows (today, for a target date). Here a typed date is read in ISO (2026-12-01) as well, and a date that cannot be
 * read, or lies in the past, is said under the field in words instead of vanishing. Wired in config.js
 * (customScripts); it adds no plugin, only listeners on the page.
 */
const FIELD = '.fjs-form-field-datetime';
const PROBLEM = 'rd-date-problem';

/** The parts of a date as the browser writes it, in its order: [{type: 'month', length: 2}, {type: 'literal', …}]. */
function localeParts() {
  return new Intl.DateTimeFormat().formatToParts(new Date(Date.UTC(2020, 5, 5))).map((part) => ({
    type: part.type,
    value: part.value,
    length: part.value.length,
  }));
}

/** The date as the browser writes it, the way form-js reads it back. */
function inLocale(date) {
  const values = { day: date.getDate(), month: date.getMonth() + 1, year: date.getFullYear() };
  return localeParts().map((part) => {
    if (part.type in values) {
      return String(values[part.type]).padStart(part.type === 'year' ? 4 : part.length, '0');
    }
    return part.value;
  }).join('');
}

function dayOf(year, month, day) {
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** The day a typed text names, in ISO or in the browser's order of day, month and year; null if none. */
function parse(text) {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) {
    return { date: dayOf(+iso[1], +iso[2], +iso[3]), iso: true };
  }
  const numbers = text.match(/\d+/g);
  const order = localeParts().filter((part) => part.type in { day: 1, month: 1, year: 1 }).map((part) => part.type);
  if (!numbers || numbers.length !== 3 || !/^\d+\D+\d+\D+\d+$/.test(text)) {
    return { date: null };
  }
  const values = {};
  order.forEach((type, i) => { values[type] = +numbers[i]; });
  if (values.year < 100) {
    values.year += 2000;
  }
  return { date: dayOf(values.year, values.month, values.day), iso: false };
}

function iso(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function say(field, text) {
  const old = field.querySelector('.' + PROBLEM);
  if (old) {
    old.remove();
  }
  if (text) {
    const problem = document.createElement('div');
    problem.className = 'fjs-form-field-error ' + PROBLEM;
    problem.setAttribute('role', 'alert');
    problem.textContent = text;
    field.appendChild(problem);
  }
}

/** Checks what was typed before form-js reads it (this listener runs first: capture on the document). */
function check(event) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.closest(FIELD) || input.readOnly) {
    return;
  }
  const field = input.closest(FIELD);
  const text = input.value.trim();
  const label = (field.querySelector('label') || { textContent: 'Date' }).textContent.replace('*', '').trim();
  if (!text) {
    say(field, null);
    return;
  }
  const typed = parse(text);
  const example = inLocale(new Date(2026, 11, 1));
  if (!typed.date) {
    say(field, `${label}: "${text}" is not a date. Type it like 2026-12-01 or ${example}, or pick the day in the `
      + 'calendar.');
    return;
  }
  const picker = input._flatpickr;
  const first = picker && picker.config && picker.config.minDate;
  if (first && typed.date < new Date(first.getFullYear(), first.getMonth(), first.getDate())) {
    say(field, `${label}: ${iso(typed.date)} lies in the past. Pick today or a later day.`);
    return;
  }
  say(field, null);
  if (typed.iso) {
    input.value = inLocale(typed.date);
  }
}

document.addEventListener('blur', check, true);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    check(event);
  }
}, true);

export default [];
