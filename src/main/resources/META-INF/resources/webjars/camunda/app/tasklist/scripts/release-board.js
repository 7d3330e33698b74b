/*
 * Release Desk's Tasklist plugin: "Releases" in Tasklist's header, a link to the release board (/board/), which
 * shows every release the person may read with the session of this Tasklist. Wired in config.js (customScripts).
 */
export default [
  {
    id: 'releasedesk-release-board-link',
    pluginPoint: 'tasklist.navbar.action',
    // before Tasklist's own "Start process" (100) and the keyboard shortcuts (300)
    priority: 400,
    render(node) {
      const link = document.createElement('a');
      link.setAttribute('href', '/board/');
      link.setAttribute('class', 'releasedesk-board-link');
      link.setAttribute('title', 'Every release at a glance');
      link.textContent = 'Releases';
      node.appendChild(link);
    },
  },
];
