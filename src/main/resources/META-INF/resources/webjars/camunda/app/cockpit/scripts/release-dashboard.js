/*
 * Release Desk's Cockpit plugin: the "Release dashboard" page (#/release-dashboard), linked from Cockpit's navigation.
 *
 * It shows what managers ask about releases, read-only: the releases running now by phase, the upcoming releases and
 * freeze windows, the four delivery metrics (deployment frequency, lead time for changes, change failure rate, time to
 * restore) with their trend drawn as small SVG charts, the slowest steps of the lifecycle and the open action items of
 * retrospectives. Its data comes from Release Desk's API (/api/metrics, /api/metrics/steps, /api/action-items,
 * /api/releases, /api/freezes) with the session of this Cockpit; those GETs answer with what the person may read.
 * Nothing is loaded from elsewhere (Cockpit runs offline), and every value reaches the page through textContent or an
 * attribute, never through innerHTML.
 *
 * Wiring: config.js lists this file in customScripts.
 */

const PATH = '/release-dashboard';
const SVG = 'http://www.w3.org/2000/svg';
/** Rows of the board read at once (its largest page). */
const BOARD_PAGE = 100;

const PERIODS = {
  week: { label: 'Last 12 weeks, per week', days: 84 },
  month: { label: 'Last 12 months, per month', days: 365 },
};

const FIGURES = [
  { key: 'deploymentFrequency', title: 'Deployment frequency', format: (v, m) => `${number(v)} ${m.unit}`,
    better: 'higher' },
  { key: 'leadTimeForChanges', title: 'Lead time for changes', format: (v) => duration(v), better: 'lower' },
  { key: 'changeFailureRate', title: 'Change failure rate', format: (v) => `${Math.round(v * 100)} %`,
    better: 'lower' },
  { key: 'timeToRestore', title: 'Time to restore', format: (v) => duration(v), better: 'lower' },
];

export default [
  {
    id: 'releasedesk-release-dashboard',
    pluginPoint: 'cockpit.route',
    properties: { path: PATH, label: 'Release dashboard' },
    render(node) {
      addStyles();
      showDashboard(node);
    },
  },
  {
    id: 'releasedesk-release-dashboard-link',
    pluginPoint: 'cockpit.navigation',
    priority: 90,
    properties: { path: PATH },
    render(node) {
      node.appendChild(el('a', { href: `#${PATH}`, class: 'releasedesk-dashboard-link' }, 'Release dashboard'));
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------------

function showDashboard(node) {
  const bucket = el('select', { class: 'form-control input-sm rd-bucket' },
    ...Object.entries(PERIODS).map(([value, period]) => el('option', { value }, period.label)));
  const content = el('div', { class: 'rd-dash-content' });
  const root = el('div', { class: 'rd-dash', 'aria-busy': 'true' },
    el('div', { class: 'rd-dash-head' }, el('h1', {}, 'Release dashboard'), bucket),
    content);
  node.appendChild(root);
  const load = () => fill(root, content, bucket.value);
  bucket.addEventListener('change', load);
  load();
}

async function fill(root, content, bucket) {
  root.setAttribute('aria-busy', 'true');
  const to = new Date();
  const from = new Date(to.getTime() - (PERIODS[bucket].days - 1) * 86400000);
  const period = `from=${day(from)}&to=${day(to)}`;
  const [metrics, steps, running, freezes, items] = await Promise.all([
    read(`/api/metrics?${period}&bucket=${bucket}`),
    read(`/api/metrics/steps?${period}`),
    runningReleases(),
    read('/api/freezes?maxResults=100'),
    read('/api/action-items?state=open&maxResults=20'),
  ]);
  content.replaceChildren(
    section('Delivery', 'rd-figures', figures(metrics, bucket)),
    el('div', { class: 'rd-row' },
      section('Releases by phase now', 'rd-phases', phases(running)),
      section('Upcoming releases', 'rd-upcoming', upcoming(running)),
      section('Freeze windows', 'rd-freezes', freezeWindows(freezes))),
    el('div', { class: 'rd-row' },
      section('Slowest steps', 'rd-steps', slowestSteps(steps)),
      section('Open action items', 'rd-actions', actionItems(items))));
  root.setAttribute('aria-busy', 'false');
}

/** GETs a JSON answer of Release Desk's API with this Cockpit's session; an Error-like object when it fails. */
async function read(path) {
  try {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      return { error: body.detail || `${response.status} ${response.statusText}` };
    }
    return body;
  } catch (error) {
    return { error: error.message };
  }
}

/** Every running release of the board, page by page. */
async function runningReleases() {
  const releases = [];
  let phases = [];
  for (let first = 0; ; first += BOARD_PAGE) {
    const page = await read(`/api/releases?outcome=${encodeURIComponent('in progress')}&firstResult=${first}`
      + `&maxResults=${BOARD_PAGE}`);
    if (page.error) {
      return page;
    }
    phases = page.phases;
    releases.push(...page.releases);
    if (releases.length >= page.total || page.releases.length === 0) {
      return { phases, releases };
    }
  }
}

// --- the four figures

function figures(metrics, bucket) {
  if (metrics.error) {
    return [failure(metrics)];
  }
  return FIGURES.map((figure) => {
    const metric = metrics[figure.key];
    const value = metric.value === null || metric.value === undefined ? 'no release counted'
      : figure.format(metric.value, metric);
    return el('div', { class: 'rd-figure', 'data-metric': figure.key, title: metric.definition },
      el('div', { class: 'rd-figure-title' }, figure.title),
      el('div', { class: 'rd-figure-value' }, value),
      el('div', { class: 'rd-figure-count' }, `${metric.releases} counted · ${figure.better} is better`),
      chart(metric.trend, figure.key === 'deploymentFrequency', bucket));
  });
}

/** A small chart of the trend: bars for counts, a line for the others; empty buckets leave a gap. */
function chart(trend, bars, bucket) {
  const width = 220;
  const height = 48;
  const values = trend.map((point) => point.value);
  const max = Math.max(...values.filter((v) => v !== null && v !== undefined), 0) || 1;
  const step = trend.length > 0 ? width / trend.length : width;
  const y = (v) => height - 2 - (v / max) * (height - 6);
  const svg = svgEl('svg', { class: 'rd-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `trend per ${bucket}` });
  svg.appendChild(svgEl('line', { x1: 0, y1: height - 1, x2: width, y2: height - 1, class: 'rd-axis' }));
  let path = '';
  trend.forEach((point, index) => {
    const x = index * step;
    const tip = `${point.from}: ${point.value === null ? 'none' : number(point.value)} (${point.releases})`;
    if (point.value === null || point.value === undefined) {
      path += ' ';
      return;
    }
    if (bars) {
      const bar = svgEl('rect', { x: x + 1, y: y(point.value), width: Math.max(1, step - 2),
        height: height - 1 - y(point.value), class: 'rd-bar' });
      bar.appendChild(svgEl('title', {}, tip));
      svg.appendChild(bar);
    } else {
      const cx = x + step / 2;
      path += `${path.endsWith('Z') || path === '' || path.endsWith(' ') ? 'M' : 'L'}${cx.toFixed(1)},${y(point.value).toFixed(1)}`;
      const dot = svgEl('circle', { cx, cy: y(point.value), r: 2.5, class: 'rd-dot' });
      dot.appendChild(svgEl('title', {}, tip));
      svg.appendChild(dot);
    }
  });
  if (!bars && path.trim()) {
    svg.insertBefore(svgEl('path', { d: path.replace(/ /g, ''), class: 'rd-line' }), svg.children[1] || null);
  }
  return svg;
}

// --- releases now

function phases(running) {
  if (running.error) {
    return [failure(running)];
  }
  const counts = new Map(running.phases.map((phase) => [phase, 0]));
  running.releases.forEach((release) => counts.set(release.phase, (counts.get(release.phase) || 0) + 1));
  const max = Math.max(...counts.values(), 1);
  return [el('table', { class: 'cam-table rd-phase-table' },
    el('tbody', {}, ...[...counts.entries()].filter(([phase]) => phase).map(([phase, count]) =>
      el('tr', { 'data-phase': phase },
        el('td', {}, phase),
        el('td', { class: 'rd-count' }, String(count)),
        el('td', { class: 'rd-bar-cell' }, el('span', { class: 'rd-phase-bar',
          style: `width: ${Math.round((count / max) * 100)}%` })))))),
  el('p', { class: 'rd-note' }, `${running.releases.length} releases running`)];
}

function upcoming(running) {
  if (running.error) {
    return [failure(running)];
  }
  const today = day(new Date());
  const next = running.releases.filter((release) => release.targetDate && release.targetDate >= today)
    .sort((a, b) => a.targetDate.localeCompare(b.targetDate)).slice(0, 8);
  if (next.length === 0) {
    return [none('No release is planned ahead.')];
  }
  return [table(['Release', 'Target date', 'Phase'], next.map((release) => [
    el('a', { href: `/board/?service=${encodeURIComponent(release.service || '')}` }, release.releaseKey),
    release.targetDate, release.phase || '']))];
}

function freezeWindows(freezes) {
  if (freezes.error) {
    return [failure(freezes)];
  }
  const now = new Date().toISOString();
  const ahead = freezes.freezes.filter((freeze) => freeze.recurrence || freeze.end > now)
    .sort((a, b) => a.start.localeCompare(b.start)).slice(0, 8);
  if (ahead.length === 0) {
    return [none('No freeze window ahead.')];
  }
  return [table(['From', 'To', 'Services', 'Why'], ahead.map((freeze) => [
    freeze.start.slice(0, 16).replace('T', ' '),
    freeze.end.slice(0, 16).replace('T', ' ') + (freeze.recurrence ? ' (recurs)' : ''),
    freeze.services && freeze.services.length ? freeze.services.join(', ') : 'all',
    freeze.reason || '']))];
}

// --- where time goes, what is to be done

function slowestSteps(steps) {
  if (steps.error) {
    return [failure(steps)];
  }
  if (steps.steps.length === 0) {
    return [none('No step was completed in this period.')];
  }
  return [table(['Step', 'Phase', 'Done', 'Median', 'p90', 'Waiting (median)'], steps.steps.slice(0, 6).map((s) => [
    s.name || s.activityId, s.phase || '', String(s.count), duration(s.duration.medianHours),
    duration(s.duration.p90Hours), duration(s.waiting.medianHours)]))];
}

function actionItems(items) {
  if (items.error) {
    return [failure(items)];
  }
  if (items.items.length === 0) {
    return [none('None: no action item is open.')];
  }
  return [table(['What', 'Owner', 'Due', 'From'], items.items.map((item) => [
    item.what || '', item.owner || '', item.due || '', item.releaseKey || ''])),
  el('p', { class: 'rd-note' }, `${items.total} open`)];
}

// --- helpers

function section(title, className, children) {
  return el('section', { class: `rd-section ${className}` }, el('h3', {}, title), ...children);
}

function table(headings, rows) {
  return el('table', { class: 'cam-table' },
    el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', {}, heading)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))));
}

function none(text) {
  return el('p', { class: 'rd-none' }, text);
}

function failure(answer) {
  return el('div', { class: 'alert alert-danger rd-error' }, `Could not load this: ${answer.error}`);
}

function duration(hours) {
  if (hours === null || hours === undefined) {
    return '–';
  }
  if (hours < 1) {
    return `${Math.round(hours * 60)} min`;
  }
  if (hours < 48) {
    return `${number(hours)} h`;
  }
  return `${number(hours / 24)} days`;
}

function number(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function day(date) {
  return date.toISOString().slice(0, 10);
}

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

function svgEl(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function addStyles() {
  if (document.getElementById('rd-dashboard-styles')) {
    return;
  }
  document.head.appendChild(el('style', { id: 'rd-dashboard-styles' }, `
    .rd-dash { padding: 15px 20px; }
    .rd-dash-head { display: flex; align-items: center; justify-content: space-between; margin-bottom: 10px; }
    .rd-dash-head h1 { font-size: 22px; margin: 0; }
    .rd-dash-head .rd-bucket { width: auto; }
    .rd-section { background: #fff; border: 1px solid #ddd; border-radius: 3px; padding: 10px 14px; margin-bottom: 14px; }
    .rd-section h3 { font-size: 15px; margin: 0 0 8px; }
    .rd-figures { display: flex; flex-wrap: wrap; gap: 14px; }
    .rd-figures h3 { flex-basis: 100%; }
    .rd-figure { flex: 1 1 220px; }
    .rd-figure-title { color: #666; }
    .rd-figure-value { font-size: 24px; font-weight: bold; }
    .rd-figure-count { color: #666; font-size: 12px; margin-bottom: 4px; }
    .rd-chart .rd-axis { stroke: #ccc; }
    .rd-chart .rd-bar { fill: #b5152b; opacity: .75; }
    .rd-chart .rd-line { fill: none; stroke: #b5152b; stroke-width: 1.5; }
    .rd-chart .rd-dot { fill: #b5152b; }
    .rd-row { display: flex; flex-wrap: wrap; gap: 14px; }
    .rd-row > .rd-section { flex: 1 1 320px; }
    .rd-phase-table td { padding: 2px 6px; }
    .rd-phase-table .rd-count { text-align: right; width: 3em; }
    .rd-phase-table .rd-bar-cell { width: 50%; }
    .rd-phase-bar { display: inline-block; height: 10px; background: #b5152b; opacity: .6; min-width: 1px; }
    .rd-none, .rd-note { color: #666; margin: 4px 0; }
  `));
}
