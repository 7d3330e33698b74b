/*
 * Release Desk's Tasklist plugin: Tasklist offers people only what they can do, and says what a start did.
 *
 * - "Create task" (Tasklist's own navbar action) is shown to everybody by Tasklist 7.24, which checks nothing before
 *   the engine refuses the new task. styles/user-styles.css (release-desk.css) hides it; this script shows it again
 *   for people the engine allows to create tasks (CREATE on Task, asked through the engine's authorization check).
 * - After "Start process", Tasklist says only "The process has been started." for three seconds. This script adds
 *   which release it is (service@version), the step it waits for, and a link to the release on the board.
 *
 * Wired in config.js (customScripts). Reads the engine REST API of the webapp with the session of the logged-in
 * user. Values reach the page through textContent and attributes only.
 */

const base = document.querySelector('base');
const ENGINE = `${base.getAttribute('engine-api')}engine/default`;
/** The text Tasklist shows after a start (its translation PROCESS_START_OK, English). */
const STARTED = 'The process has been started.';
const CREATE_TASK_ALLOWED = 'rd-may-create-tasks';

export default [
  {
    id: 'releasedesk-offered-actions',
    pluginPoint: 'tasklist.navbar.action',
    priority: -100,
    render() {
      showCreateTaskIfAllowed();
      watchForStartedProcesses();
    },
  },
];

async function get(path) {
  const response = await fetch(`${ENGINE}${path}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) {
    throw new Error(`${response.status}`);
  }
  return response.json();
}

async function showCreateTaskIfAllowed() {
  try {
    // resource type 7 is Task; the engine answers for the logged-in user
    const check = await get('/authorization/check?permissionName=CREATE&resourceName=Task&resourceType=7');
    document.body.classList.toggle(CREATE_TASK_ALLOWED, check.authorized === true);
  } catch (error) {
    document.body.classList.remove(CREATE_TASK_ALLOWED);
  }
}

let watching = false;

function watchForStartedProcesses() {
  if (watching) {
    return;
  }
  watching = true;
  new MutationObserver(() => {
    document.querySelectorAll('.page-notifications .alert').forEach((alert) => {
      if (!alert.dataset.rdStart && alert.textContent.includes(STARTED)) {
        alert.dataset.rdStart = 'seen';
        describeStart(alert);
      }
    });
  }).observe(document.body, { childList: true, subtree: true });
}

/** Appends the release just started, its next step and a link to it, and keeps the message until it is closed. */
async function describeStart(alert) {
  const user = await currentUser();
  if (!user) {
    return;
  }
  let started;
  try {
    [started] = await get(`/history/process-instance?startedBy=${encodeURIComponent(user)}`
      + '&sortBy=startTime&sortOrder=desc&firstResult=0&maxResults=1');
  } catch (error) {
    return;
  }
  if (!started) {
    return;
  }
  const release = started.businessKey || started.processDefinitionName || started.id;
  const text = document.createElement('div');
  text.className = 'rd-started';
  const name = document.createElement('strong');
  name.textContent = release;
  text.append('Started ', name, ': ');
  const next = document.createElement('span');
  next.className = 'rd-next-step';
  next.textContent = 'its first step is being prepared';
  text.append(next, '. ');
  const link = document.createElement('a');
  link.setAttribute('href', `/board/?service=${encodeURIComponent(release.split('@')[0])}`);
  link.textContent = 'Follow it on the release board';
  text.append(link);
  // Tasklist removes the message after three seconds: a copy stays until it is closed
  const panel = alert.closest('.page-notifications') || document.body;
  const kept = alert.cloneNode(false);
  kept.dataset.rdStart = 'kept';
  kept.classList.add('rd-start-confirmation');
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Close');
  close.textContent = '×';
  close.addEventListener('click', () => kept.remove());
  kept.append(close, text);
  panel.prepend(kept);
  next.textContent = await nextStep(started.id);
}

/** The open tasks of the started instance, once there are any (its version is proposed in the background first). */
async function nextStep(processInstanceId) {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const tasks = await get(`/task?processInstanceId=${encodeURIComponent(processInstanceId)}`
        + '&firstResult=0&maxResults=5');
      if (tasks.length > 0) {
        return `next: ${tasks.map((task) => task.name).join(', ')}`;
      }
    } catch (error) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return 'its next step is on the release board';
}

/** The logged-in user's id, from the webapps' own session endpoint. */
async function currentUser() {
  try {
    const response = await fetch(`${base.getAttribute('app-root')}/api/admin/auth/user/default`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    return response.ok ? (await response.json()).userId : null;
  } catch (error) {
    return null;
  }
}
