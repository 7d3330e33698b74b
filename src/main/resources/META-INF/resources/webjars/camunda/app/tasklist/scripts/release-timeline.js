/*
 * Release Desk's Tasklist plugin: a "Release" tab in the task view with the task's release told in words, from its
 * request to now (who asked, the plan, the teams' answers, the risk, each candidate and its QA verdict, approvals and
 * rejections with their comments, deployments, health, notes, retrospective).
 *
 * Wiring: config.js lists this file in customScripts; Tasklist imports the module and registers the plugins of its
 * default export. Tasklist calls render(node, { api, taskId }) when the tab is opened. The task's release is found
 * through the webapp's engine API (the task, then its process instance's business key); the timeline comes from
 * Release Desk's GET /api/releases/{key}/timeline, which accepts the webapps' session for this read. Both check the
 * logged-in user's permissions.
 *
 * Every value reaches the page through textContent, never through innerHTML: comments and notes are user input.
 */

export default [
  {
    id: 'releasedesk-release-timeline',
    pluginPoint: 'tasklist.task.detail',
    // after Tasklist's own Form (1000), History (800), Diagram (600) and Description (100) tabs
    priority: 50,
    properties: { label: 'Release' },
    render(node, { api, taskId }) {
      addStyles();
      showTimeline(node, api, taskId);
    },
  },
];

async function showTimeline(node, api, taskId) {
  // aria-busy: true while the timeline loads (assistive technology and browser tests wait for false)
  const root = el('div', { class: 'rd-timeline', 'aria-busy': 'true' }, 'Loading the release …');
  node.replaceChildren(root);
  try {
    const task = await getJson(`${api.engineApi}/task/${encodeURIComponent(taskId)}`, api);
    const instance = await getJson(
      `${api.engineApi}/process-instance/${encodeURIComponent(task.processInstanceId)}`, api);
    if (!instance.businessKey) {
      root.replaceChildren('This task belongs to no release.');
      return;
    }
    const timeline = await getJson(`/api/releases/${encodeURIComponent(instance.businessKey)}/timeline`, api);
    root.replaceChildren(
      el('h4', { class: 'rd-timeline-title' }, timeline.releaseKey),
      el('ol', { class: 'rd-timeline-entries' }, ...timeline.entries.map(entry)));
  } catch (error) {
    root.replaceChildren(el('div', { class: 'alert alert-warning' }, error.message));
  } finally {
    root.setAttribute('aria-busy', 'false');
  }
}

function entry({ at, who, what, kind }) {
  return el('li', { class: `rd-entry rd-kind-${kind}` },
    el('time', { datetime: at }, formatTime(at)),
    el('span', { class: 'rd-kind' }, kind),
    el('span', { class: 'rd-what' }, what),
    who ? el('span', { class: 'rd-who' }, `— ${who}`) : '');
}

/** A GET with the logged-in user's session; a refusal becomes an Error with the server's words. */
async function getJson(url, api) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': api.CSRFToken },
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((payload && (payload.detail || payload.message)) || `${response.status} ${response.statusText}`);
  }
  return payload;
}

/** Creates an element; string children become text nodes, never HTML. */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...children.map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

/** An ISO instant as local date and time: 2026-11-26 14:05. */
function formatTime(time) {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) {
    return time;
  }
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} `
    + `${two(date.getHours())}:${two(date.getMinutes())}`;
}

function addStyles() {
  if (document.getElementById('rd-timeline-styles')) {
    return;
  }
  const style = el('style', { id: 'rd-timeline-styles' }, `
    .rd-timeline { padding: 10px 15px; }
    .rd-timeline-entries { list-style: none; padding: 0; margin: 0; border-left: 2px solid #d0d7de; }
    .rd-entry { position: relative; padding: 4px 0 8px 14px; }
    .rd-entry::before { content: ''; position: absolute; left: -6px; top: 9px; width: 10px; height: 10px;
      border-radius: 50%; background: #8c959f; }
    .rd-kind-rejection::before, .rd-kind-refused::before { background: #cf222e; }
    .rd-kind-approval::before, .rd-kind-outcome::before { background: #1a7f37; }
    .rd-kind-waiting::before { background: #fff; border: 2px solid #0969da; }
    .rd-entry time { color: #57606a; margin-right: 8px; font-variant-numeric: tabular-nums; }
    .rd-kind { display: inline-block; min-width: 90px; color: #57606a; font-size: 85%; text-transform: uppercase; }
    .rd-who { color: #57606a; margin-left: 6px; }
  `);
  document.head.appendChild(style);
}
