/*
 * Release Desk's Cockpit plugin: a "Finished instances" tab on the process definition page.
 *
 * Cockpit Community Edition only shows running process instances; a finished release and its history are out of
 * sight there. This tab lists the finished instances of the definition's key (every version, newest end first, 20 per
 * page) and, for one instance at a time, its history: the activities in the order they ran, its variables, and the
 * comments and user operations recorded on it.
 *
 * Wiring: config.js lists this file in customScripts; Cockpit imports the module and registers the plugins of its
 * default export (Cockpit's frontend plugin API since 7.14). Cockpit calls render(node, { api, processDefinitionId })
 * when the tab is opened. All data comes from the engine REST API of the webapp (api.engineApi), with the session
 * of the logged-in user: the engine checks their authorizations (READ and READ_HISTORY on the process definition).
 *
 * A finished release (the process "release") also shows its evidence pack: the Markdown document Release Desk froze
 * when the release ended, read from GET /api/releases/{key}/evidence with the same session (Release Desk answers it
 * to the people who may read the release, as it does with HTTP Basic), shown as text and offered as a download.
 *
 * Every value reaches the page through textContent or an attribute, never through innerHTML: variable values and
 * comments are user input.
 */

/** The release process, whose finished instances have an evidence pack. */
const RELEASE_PROCESS = 'release';
/** Finished instances per page. */
const PAGE_SIZE = 20;
/** The engine refuses unbounded queries (query-max-results-limit); histories are read up to this many rows. */
const MAX_RESULTS = 2000;

export default [
  {
    id: 'releasedesk-finished-instances',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    // after Cockpit's own "Process Instances" (priority 10) and "Incidents" (9) tabs
    priority: 8,
    properties: { label: 'Finished instances' },
    render(node, { api, processDefinitionId }) {
      addStyles();
      showFinishedInstances(node, engineClient(api), processDefinitionId);
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------------
// The list of finished instances

/** Fills the tab: a toolbar (versions, pager), the table of finished instances and a status line. */
async function showFinishedInstances(node, engine, processDefinitionId) {
  // aria-busy: true while a page of instances loads (assistive technology and browser tests wait for false)
  const root = el('div', { class: 'rd-finished', 'aria-busy': 'true' });
  node.appendChild(root);
  let definition;
  try {
    definition = await engine.get(`/process-definition/${encodeURIComponent(processDefinitionId)}`);
  } catch (error) {
    root.appendChild(errorMessage(error));
    root.setAttribute('aria-busy', 'false');
    return;
  }

  const allVersions = el('input', { type: 'checkbox', checked: true, class: 'rd-all-versions' });
  const summary = el('span', { class: 'rd-summary' });
  const previous = el('button', { type: 'button', class: 'btn btn-default btn-xs rd-previous' }, '‹ Newer');
  const next = el('button', { type: 'button', class: 'btn btn-default btn-xs rd-next' }, 'Older ›');
  const body = el('tbody');
  const status = el('div', { class: 'rd-status' });
  root.append(
    el('div', { class: 'rd-toolbar' },
      el('label', {}, allVersions, ` all versions of ${definition.name || definition.key}`),
      el('span', { class: 'rd-pager' }, previous, summary, next)),
    el('table', { class: 'cam-table rd-instances' },
      el('thead', {}, el('tr', {}, ...['Business key', 'Version', 'Started', 'Ended', 'Outcome', 'Started by']
        .map((heading) => el('th', {}, heading)))),
      body),
    status);

  let page = 0;
  let shown = 0; // the number of the latest request: answers to older requests are dropped
  async function load() {
    const request = ++shown;
    const filter = allVersions.checked
      ? { processDefinitionKey: definition.key }
      : { processDefinitionId: definition.id };
    const query = { ...filter, finished: true };
    status.replaceChildren('Loading …');
    root.setAttribute('aria-busy', 'true');
    try {
      const [{ count }, instances] = await Promise.all([
        engine.get('/history/process-instance/count', query),
        engine.get('/history/process-instance', {
          ...query, sortBy: 'endTime', sortOrder: 'desc', firstResult: page * PAGE_SIZE, maxResults: PAGE_SIZE,
        }),
      ]);
      const outcomes = await Promise.all(instances.map((instance) => outcomeOf(engine, instance)));
      if (request !== shown) {
        return;
      }
      body.replaceChildren(...instances.flatMap((instance, i) => instanceRows(engine, instance, outcomes[i],
        definition.key === RELEASE_PROCESS)));
      summary.textContent = count === 0 ? 'none'
        : `${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + instances.length} of ${count}`;
      previous.disabled = page === 0;
      next.disabled = (page + 1) * PAGE_SIZE >= count;
      status.replaceChildren(count === 0 ? 'No instance of this process has finished yet.' : '');
    } catch (error) {
      if (request !== shown) {
        return;
      }
      status.replaceChildren(errorMessage(error));
    }
    root.setAttribute('aria-busy', 'false');
  }
  previous.addEventListener('click', () => { page -= 1; load(); });
  next.addEventListener('click', () => { page += 1; load(); });
  allVersions.addEventListener('change', () => { page = 0; load(); });
  load();
}

/**
 * How an instance ended: the name of the end event that ended it, and its state (completed, canceled, terminated).
 * The end event is the latest activity of an end event type among those that completed a scope.
 */
async function outcomeOf(engine, instance) {
  const states = {
    COMPLETED: 'completed',
    EXTERNALLY_TERMINATED: 'canceled',
    INTERNALLY_TERMINATED: 'terminated',
  };
  const state = states[instance.state] || (instance.state || '').toLowerCase();
  const ends = await engine.get('/history/activity-instance', {
    processInstanceId: instance.id, completeScope: true, sortBy: 'endTime', sortOrder: 'desc', maxResults: 50,
  });
  const end = ends.find((activity) => /EndEvent$/.test(activity.activityType));
  return {
    name: end ? end.activityName || end.activityId : '',
    // why an instance was canceled from outside (e.g. deleted in Cockpit)
    state: instance.deleteReason && instance.state !== 'COMPLETED' ? `${state}: ${instance.deleteReason}` : state,
  };
}

/**
 * The row of one finished instance, and the (hidden) row below it that shows its history when expanded; a release's
 * history begins with its evidence pack.
 */
function instanceRows(engine, instance, outcome, isRelease) {
  const toggle = el('button', {
    type: 'button', class: 'btn btn-link rd-toggle', 'aria-expanded': 'false',
    title: 'Show the history of this instance',
  }, el('span', { class: 'rd-caret' }, '▸'), ' ', instance.businessKey || instance.id);
  const row = el('tr', { class: 'rd-instance', 'data-process-instance-id': instance.id },
    el('td', { class: 'rd-business-key' }, toggle),
    el('td', {}, String(instance.processDefinitionVersion)),
    el('td', {}, formatTime(instance.startTime)),
    el('td', {}, formatTime(instance.endTime)),
    el('td', { class: 'rd-outcome', title: `State: ${outcome.state}` },
      el('strong', {}, outcome.name),
      // "completed" says nothing that the end event does not; canceled and terminated do
      outcome.name && outcome.state === 'completed' ? '' : el('span', { class: 'rd-state' }, ` ${outcome.state}`)),
    el('td', {}, instance.startUserId || ''));
  const cell = el('td', { colspan: '6' });
  const historyRow = el('tr', { class: 'rd-history-row', hidden: true }, cell);

  let loaded = false;
  toggle.addEventListener('click', () => {
    const expand = historyRow.hidden;
    historyRow.hidden = !expand;
    toggle.setAttribute('aria-expanded', String(expand));
    toggle.firstChild.textContent = expand ? '▾' : '▸';
    if (expand && !loaded) {
      loaded = true;
      if (isRelease && instance.businessKey) {
        cell.appendChild(evidencePack(instance));
      }
      showHistory(cell, engine, instance);
    }
  });
  return [row, historyRow];
}

// ---------------------------------------------------------------------------------------------------------------------
// A release's evidence pack

/**
 * The release's evidence pack: a download link, and the document itself as text when opened. The address names the
 * instance, since a key requested again after a cancellation names several releases.
 */
function evidencePack(instance) {
  const url = `/api/releases/${encodeURIComponent(instance.businessKey)}/evidence?`
    + new URLSearchParams({ processInstanceId: instance.id });
  // aria-busy: true until the pack (or the refusal) is shown
  const body = el('div', { class: 'rd-evidence-body', 'aria-busy': 'true' }, 'Loading …');
  const pack = el('details', { class: 'rd-evidence' },
    el('summary', {}, 'Evidence pack',
      el('a', { class: 'rd-evidence-download', href: url, download: `${instance.businessKey}-evidence.md` },
        'Download (Markdown)')),
    body);
  let loaded = false;
  pack.addEventListener('toggle', async () => {
    if (!pack.open || loaded) {
      return;
    }
    loaded = true;
    try {
      const response = await fetch(url, {
        credentials: 'same-origin',
        // X-Requested-With: a lapsed session is answered with words, not with the browser's login dialog
        headers: { Accept: 'text/markdown, application/problem+json', 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (response.ok) {
        body.replaceChildren(el('pre', { class: 'rd-evidence-text' }, await response.text()));
      } else {
        const problem = await response.json().catch(() => null);
        body.replaceChildren(el('div', { class: 'alert alert-warning rd-evidence-refused' },
          (problem && problem.detail) || `${response.status} ${response.statusText}`));
      }
    } catch (error) {
      body.replaceChildren(errorMessage(error));
    }
    body.setAttribute('aria-busy', 'false');
  });
  return pack;
}

// ---------------------------------------------------------------------------------------------------------------------
// The history of one instance

/** Fills the expanded row: activities, variables, comments and user operations of the instance. */
async function showHistory(cell, engine, instance) {
  const history = el('div', { class: 'rd-history', 'aria-busy': 'true' }, 'Loading …');
  cell.appendChild(history);
  const id = instance.id;
  const list = { maxResults: MAX_RESULTS };
  try {
    const [activities, variables, comments, operations] = await Promise.all([
      // in the order they ran: by start time, and by the engine's sequence where start times are equal
      engine.post('/history/activity-instance', list, {
        processInstanceId: id,
        sorting: [{ sortBy: 'startTime', sortOrder: 'asc' }, { sortBy: 'occurrence', sortOrder: 'asc' }],
      }),
      engine.get('/history/variable-instance', {
        ...list, processInstanceId: id, deserializeValues: false, sortBy: 'variableName', sortOrder: 'asc',
      }),
      engine.get(`/process-instance/${encodeURIComponent(id)}/comment`),
      engine.get('/history/user-operation', { ...list, processInstanceId: id, sortBy: 'timestamp', sortOrder: 'asc' }),
    ]);
    const taskNames = new Map(activities.filter((a) => a.taskId).map((a) => [a.taskId, a.activityName]));
    history.replaceChildren(
      el('p', { class: 'rd-instance-id' }, `Process instance ${id}`),
      section('Activities', ['Activity', 'Type', 'Started', 'Ended', 'Assignee', 'Canceled'],
        activities.map((a) => [
          a.activityName || a.activityId, words(a.activityType), formatTime(a.startTime), formatTime(a.endTime),
          a.activityType === 'userTask' ? a.assignee || '' : '', a.canceled ? 'canceled' : '',
        ]), 'rd-activities'),
      section('Variables', ['Name', 'Type', 'Value'],
        variables.map((v) => [v.name, v.type, variableValue(engine, v)]), 'rd-variables'),
      section('Comments', ['Time', 'User', 'Task', 'Comment'],
        comments.map((c) => [formatTime(c.time), c.userId || '', taskNames.get(c.taskId) || '', c.message]),
        'rd-comments'),
      section('User operations', ['Time', 'User', 'Operation', 'Entity', 'Property', 'Old value', 'New value'],
        operations.map((o) => [formatTime(o.timestamp), o.userId || '', words(o.operationType),
          o.entityType + (taskNames.has(o.taskId) ? `: ${taskNames.get(o.taskId)}` : ''),
          o.property || '', o.orgValue ?? '', o.newValue ?? '']), 'rd-operations'));
  } catch (error) {
    history.replaceChildren(errorMessage(error));
  }
  history.setAttribute('aria-busy', 'false');
}

/** A heading and a table; rows are arrays of cells (text or elements). */
function section(title, headings, rows, className) {
  return el('div', { class: `rd-section ${className}` },
    // a full page means there may be more than the engine returned at once
    el('h4', {}, `${title} (${rows.length}${rows.length >= MAX_RESULTS ? '+' : ''})`),
    rows.length === 0 ? el('p', { class: 'rd-none' }, 'none')
      : el('table', { class: 'cam-table' },
        el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', {}, heading)))),
        el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell)))))));
}

/** A variable's value as text; files (and byte arrays) as a link that downloads them from the history. */
function variableValue(engine, variable) {
  if (variable.errorMessage) {
    return el('span', { class: 'text-danger' }, variable.errorMessage);
  }
  if (variable.type === 'File' || variable.type === 'Bytes') {
    const info = variable.valueInfo || {};
    const name = info.filename || `${variable.name}.bin`;
    return el('a', {
      class: 'rd-download',
      href: engine.url(`/history/variable-instance/${encodeURIComponent(variable.id)}/data`),
      download: name,
    }, name);
  }
  if (variable.value === null || variable.value === undefined) {
    return el('em', {}, 'null');
  }
  const text = typeof variable.value === 'object' ? JSON.stringify(variable.value) : String(variable.value);
  return el('div', { class: 'rd-value' }, text);
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

/** GET and POST to the webapp's engine REST API, as the logged-in user (session cookie, CSRF token). */
function engineClient(api) {
  const url = (path, params = {}) => {
    const query = new URLSearchParams(params).toString();
    return api.engineApi + path + (query ? `?${query}` : '');
  };
  async function send(method, path, params, body) {
    const response = await fetch(url(path, params), {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'X-XSRF-TOKEN': api.CSRFToken,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((payload && payload.message) || `${response.status} ${response.statusText}`);
    }
    return payload;
  }
  return {
    url,
    get: (path, params) => send('GET', path, params),
    post: (path, params, body) => send('POST', path, params, body),
  };
}

/**
 * Creates an element. Attributes: true sets a boolean attribute, false/null leave it out. Children: strings become
 * text nodes (never parsed as HTML), elements are appended as they are.
 */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...children.map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

/** An engine time (2025-05-04T13:45:10.123+0200) as local date and time: 2025-05-04 13:45:10. */
function formatTime(time) {
  if (!time) {
    return '';
  }
  const date = new Date(time.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (Number.isNaN(date.getTime())) {
    return time;
  }
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} `
    + `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** camelCase and SNAKE_CASE as words: userTask → user task, SetVariable → set variable. */
function words(identifier) {
  return (identifier || '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function errorMessage(error) {
  return el('div', { class: 'alert alert-danger rd-error' }, `Could not load this from the engine: ${error.message}`);
}

/** The tab's few styles, added to the page once. */
function addStyles() {
  if (document.getElementById('rd-finished-styles')) {
    return;
  }
  document.head.appendChild(el('style', { id: 'rd-finished-styles' }, `
    .rd-finished { padding: 10px 0; }
    .rd-toolbar { display: flex; justify-content: space-between; align-items: center; margin-bottom: 8px; }
    .rd-toolbar label { font-weight: normal; margin: 0; }
    .rd-pager .rd-summary { margin: 0 8px; }
    .rd-finished .rd-toggle { padding: 0; font-weight: bold; text-align: left; }
    .rd-finished .rd-caret { display: inline-block; width: 1em; }
    .rd-finished .rd-state { color: #666; }
    .rd-history { padding: 4px 8px 12px 1.2em; }
    .rd-history .rd-instance-id { color: #666; font-size: 12px; margin: 0 0 4px; }
    .rd-history h4 { font-size: 14px; margin: 12px 0 4px; }
    .rd-history .rd-value { white-space: pre-wrap; word-break: break-word; max-height: 8em; overflow: auto; }
    .rd-history .rd-none { color: #666; }
    .rd-evidence { margin: 4px 8px 0 1.2em; }
    /* Bootstrap makes summary a block, which hides its disclosure triangle */
    .rd-evidence summary { display: list-item; cursor: pointer; font-weight: bold; }
    .rd-evidence .rd-evidence-download { font-weight: normal; margin-left: 1em; }
    .rd-evidence-text { white-space: pre-wrap; max-height: 24em; overflow: auto; margin-top: 4px; }
  `));
}
