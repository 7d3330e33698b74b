/*
 * Release Desk's release board: every release one may read, one row each, sorted by target date, with filters by
 * service, phase and outcome. Each row links to the release's open task in Tasklist and its instance in Cockpit, and
 * opens its timeline; an ended release's row offers its evidence pack as a download.
 *
 * The page holds no login of its own: it calls Release Desk's API (GET /api/releases, /api/services,
 * /api/releases/{key}/timeline, /api/releases/{key}/evidence) with the session of Tasklist, Cockpit or Admin, as the person logged in there, and
 * the engine shows them what they may read. Only reading: the API changes nothing for a session.
 *
 * The filters and the page live in the address (?service=…&phase=…&outcome=…&page=…), so a filtered board can be
 * bookmarked and sent. Every value reaches the page through textContent or an attribute, never innerHTML.
 */

const PAGE_SIZE = 20;
const OUTCOMES = ['in progress', 'released', 'rolled back', 'cancelled'];
const TASKLIST = '/camunda/app/tasklist/default/';
const COCKPIT = '/camunda/app/cockpit/default/';

const root = document.getElementById('board');
const params = new URLSearchParams(window.location.search);

show();

async function show() {
  root.replaceChildren();
  root.setAttribute('aria-busy', 'true');
  const query = new URLSearchParams();
  for (const name of ['service', 'phase', 'outcome']) {
    if (params.get(name)) {
      query.set(name, params.get(name));
    }
  }
  const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  query.set('firstResult', String(page * PAGE_SIZE));
  query.set('maxResults', String(PAGE_SIZE));
  try {
    const [board, services] = await Promise.all([api(`/api/releases?${query}`), api('/api/services')]);
    root.append(filters(board, services, page), table(board.releases));
    if (board.releases.length === 0) {
      root.append(el('p', { class: 'rd-status' }, 'No release matches.'));
    }
  } catch (error) {
    root.append(problem(error));
  } finally {
    root.setAttribute('aria-busy', 'false');
  }
}

/** The filters and the pager. A changed filter reloads the board from its first page. */
function filters(board, services, page) {
  const select = (name, label, options) => {
    const chooser = el('select', { name },
      el('option', { value: '' }, 'all'),
      ...options.map((option) => el('option', { value: option }, option)));
    chooser.value = params.get(name) || '';
    chooser.addEventListener('change', () => {
      setParam(name, chooser.value);
      params.delete('page');
      navigate();
    });
    return el('label', {}, label, chooser);
  };
  const last = Math.max(0, Math.ceil(board.total / PAGE_SIZE) - 1);
  const previous = el('button', { type: 'button', class: 'rd-previous', disabled: page === 0 }, '‹ Earlier');
  const next = el('button', { type: 'button', class: 'rd-next', disabled: page >= last }, 'Later ›');
  previous.addEventListener('click', () => { setParam('page', String(page - 1)); navigate(); });
  next.addEventListener('click', () => { setParam('page', String(page + 1)); navigate(); });
  const from = board.total === 0 ? 0 : board.firstResult + 1;
  return el('div', { class: 'rd-filters' },
    select('service', 'Service', services.map((service) => service.name)),
    select('phase', 'Phase', board.phases),
    select('outcome', 'Outcome', OUTCOMES),
    el('span', { class: 'rd-pager' }, previous,
      el('span', { class: 'rd-count' }, `${from}–${board.firstResult + board.releases.length} of ${board.total}`),
      next));
}

function table(releases) {
  const body = el('tbody');
  for (const release of releases) {
    body.append(row(release, body));
  }
  return el('table', { class: 'rd-releases' },
    el('thead', {}, el('tr', {}, ...['Release', 'Phase', 'Waiting on', 'Target date', 'Risk', 'Candidate', 'Outcome',
      ''].map((heading) => el('th', {}, heading)))),
    body);
}

function row(release, body) {
  const waiting = el('ul', {}, ...release.waitingOn.map((task) => el('li', {},
    el('span', { class: 'rd-task' }, task.name),
    el('span', { class: 'rd-who' }, ` · ${task.assignee || (task.candidateGroups || []).join(', ') || 'nobody yet'}`),
    task.due ? el('span', { class: 'rd-due' }, ` · due ${day(task.due)}`) : '')));
  const links = el('td', { class: 'rd-links' });
  const task = release.waitingOn[0];
  if (task) {
    links.append(el('a', { class: 'rd-open-task', href: `${TASKLIST}#/?task=${encodeURIComponent(task.taskId)}` },
      'Open task'));
  }
  if (!release.finishedAt) {
    links.append(el('a', { class: 'rd-cockpit',
      href: `${COCKPIT}#/process-instance/${encodeURIComponent(release.processInstanceId)}` }, 'In Cockpit'));
  }
  if (release.finishedAt) {
    // the pack frozen as this release ended: the address names the instance, since a key requested again after a
    // cancellation names several releases
    const evidence = `/api/releases/${encodeURIComponent(release.releaseKey)}/evidence?`
      + new URLSearchParams({ processInstanceId: release.processInstanceId });
    links.append(el('a', { class: 'rd-evidence', href: evidence, download: `${release.releaseKey}-evidence.md`,
      title: 'The evidence pack frozen when the release ended (Markdown)' }, 'Evidence pack'));
  }
  const timeline = el('button', { type: 'button', class: 'rd-link rd-show-timeline', 'aria-expanded': 'false' },
    'Timeline');
  links.append(timeline);
  const tr = el('tr', { class: 'rd-release', 'data-release': release.releaseKey },
    el('td', {}, el('strong', {}, release.releaseKey || '—')),
    el('td', { class: 'rd-phase' }, release.phase || '—'),
    el('td', { class: 'rd-waiting' }, waiting),
    el('td', { class: 'rd-target' }, release.targetDate || '—'),
    el('td', { class: `rd-risk rd-risk-${release.risk || 'none'}` }, release.risk || '—'),
    el('td', { class: 'rd-candidate' }, release.candidateVersion || '—',
      release.candidateCommit ? el('div', { class: 'rd-commit' }, release.candidateCommit.substring(0, 7)) : ''),
    el('td', { class: `rd-outcome rd-outcome-${release.outcome.replace(/\W+/g, '-')}` },
      release.outcome, release.finishedAt ? el('div', { class: 'rd-due' }, day(release.finishedAt)) : ''),
    links);
  timeline.addEventListener('click', () => toggleTimeline(release, tr, timeline));
  return tr;
}

/** Opens (or closes) the release's timeline in a row below it. */
async function toggleTimeline(release, tr, button) {
  const open = tr.nextElementSibling && tr.nextElementSibling.classList.contains('rd-timeline')
    ? tr.nextElementSibling : null;
  if (open) {
    open.remove();
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  const cell = el('td', { colspan: '8', 'aria-busy': 'true' }, 'Loading the timeline …');
  tr.after(el('tr', { class: 'rd-timeline' }, cell));
  button.setAttribute('aria-expanded', 'true');
  try {
    const timeline = await api(`/api/releases/${encodeURIComponent(release.releaseKey)}/timeline`);
    cell.replaceChildren(el('ol', {}, ...timeline.entries.map((entry) => el('li', {},
      el('time', { datetime: entry.at }, new Date(entry.at).toLocaleString()),
      entry.what, entry.who ? el('span', { class: 'rd-who' }, ` · ${entry.who}`) : ''))));
  } catch (error) {
    cell.replaceChildren(error.status === 404 ? el('span', { class: 'rd-status' }, 'No timeline yet') : problem(error));
  } finally {
    cell.setAttribute('aria-busy', 'false');
  }
}

/** GET as the person logged in to the webapps; a refusal becomes an Error with the status and the API's words. */
async function api(path) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail || detail;
    } catch (notJson) {
      // the status says enough
    }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

function problem(error) {
  if (error.status === 401) {
    return el('p', { class: 'rd-error' }, 'Log in to ', el('a', { href: TASKLIST }, 'Tasklist'), ' or ',
      el('a', { href: COCKPIT }, 'Cockpit'), ' first, then open the board again.');
  }
  return el('p', { class: 'rd-error' }, error.message);
}

function setParam(name, value) {
  if (value) {
    params.set(name, value);
  } else {
    params.delete(name);
  }
}

function navigate() {
  const search = params.toString();
  window.history.pushState(null, '', search ? `?${search}` : window.location.pathname);
  show();
}

window.addEventListener('popstate', () => {
  for (const name of [...params.keys()]) {
    params.delete(name);
  }
  new URLSearchParams(window.location.search).forEach((value, name) => params.set(name, value));
  show();
});

function day(iso) {
  return String(iso).substring(0, 10);
}

/** Builds an element: attributes (false leaves one out), then children (strings become text). */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value != null) {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== '' && child != null) {
      element.append(child);
    }
  }
  return element;
}
