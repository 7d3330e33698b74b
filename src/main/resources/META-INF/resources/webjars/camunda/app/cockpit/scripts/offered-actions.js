/*
 * Release Desk's Cockpit script: Cockpit offers a person only the changes the engine lets them make.
 *
 * Cockpit 7.24 shows every visitor the buttons that change a process instance or definition — edit and delete on
 * each variable, add variable, cancel, suspend — and leaves the refusal to the engine, after the person has filled
 * in a dialog. styles/user-styles.css hides these buttons; this script asks the engine (its authorization check, for
 * the logged-in user) which of them the person may use, and marks the page so that those are shown again. The check
 * looks at permissions on every instance or definition ("*"), which is how Release Desk grants them
 * (ReleaseDeskAuthorizations: administrators only); a permission granted on a single release alone does not show the
 * buttons, and the engine stays the one that decides.
 *
 * Wired in config.js (customScripts). Asks when Cockpit renders its navigation, which it does once a person has
 * logged in (a plugin there that shows nothing); forgets the answers on the login page.
 */

const ENGINE = `${document.querySelector('base').getAttribute('engine-api')}engine/default`;

/** Resource types of the engine's authorization check. */
const PROCESS_DEFINITION = ['ProcessDefinition', 6];
const PROCESS_INSTANCE = ['ProcessInstance', 8];

/** Each mark on the page, and the permissions of which any one shows the buttons it stands for. */
const MARKS = {
  'rd-may-change-variables': [
    ['UPDATE_VARIABLE', PROCESS_INSTANCE], ['UPDATE', PROCESS_INSTANCE],
    ['UPDATE_INSTANCE_VARIABLE', PROCESS_DEFINITION], ['UPDATE_INSTANCE', PROCESS_DEFINITION],
  ],
  'rd-may-cancel-instances': [['DELETE', PROCESS_INSTANCE], ['DELETE_INSTANCE', PROCESS_DEFINITION]],
  'rd-may-suspend-instances': [
    ['SUSPEND', PROCESS_INSTANCE], ['UPDATE', PROCESS_INSTANCE],
    ['SUSPEND_INSTANCE', PROCESS_DEFINITION], ['UPDATE_INSTANCE', PROCESS_DEFINITION],
  ],
  'rd-may-change-definitions': [['SUSPEND', PROCESS_DEFINITION], ['UPDATE', PROCESS_DEFINITION]],
};

async function authorized(permission, [resourceName, resourceType]) {
  const query = new URLSearchParams({ permissionName: permission, resourceName, resourceType: String(resourceType) });
  const response = await fetch(`${ENGINE}/authorization/check?${query}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  return response.ok && (await response.json()).authorized === true;
}

function forget() {
  Object.keys(MARKS).forEach((mark) => document.body.classList.remove(mark));
}

/** Sets the page's marks for the logged-in user. */
async function markWhatThePersonMayChange() {
  await Promise.all(Object.entries(MARKS).map(async ([mark, permissions]) => {
    const results = await Promise.all(permissions.map(([permission, resource]) =>
      authorized(permission, resource).catch(() => false)));
    document.body.classList.toggle(mark, results.includes(true));
  }));
}

window.addEventListener('hashchange', () => {
  if (window.location.hash.startsWith('#/login')) {
    forget();
  }
});

export default [
  {
    id: 'releasedesk-offered-actions',
    pluginPoint: 'cockpit.navigation',
    priority: -100,
    render() {
      forget();
      markWhatThePersonMayChange();
    },
  },
];
