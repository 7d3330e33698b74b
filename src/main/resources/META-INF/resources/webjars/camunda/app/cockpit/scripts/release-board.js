/*
 * Release Desk's Cockpit plugin: "Releases" in Cockpit's navigation, a link to the release board (/board/), which
 * shows every release the person may read with the session of this Cockpit. Wired in config.js (customScripts).
 */
export default [
  {
    id: 'releasedesk-release-board-link',
    pluginPoint: 'cockpit.navigation',
    priority: 100,
    render(node) {
      const link = document.createElement('a');
      link.setAttribute('href', '/board/');
      link.setAttribute('class', 'releasedesk-board-link');
      link.textContent = 'Releases';
      node.appendChild(link);
    },
  },
];
