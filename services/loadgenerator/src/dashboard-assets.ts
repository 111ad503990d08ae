// The live dashboard's page, stylesheet and script. They are served as separate files from this process, with no
// inline script or style anywhere, so the page works under a Content-Security-Policy of default-src 'self' and
// needs nothing from the network beyond the generator itself.

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Load generator · live</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header>
  <h1>Online Boutique load generator</h1>
  <p class="muted"><span id="phase">connecting</span> · <span id="elapsed">0 s</span> · <span id="model">–</span> model</p>
</header>
<main>
<section class="cards" aria-label="Figures">
  <div class="card"><div class="label">Requests/s</div><div class="value" id="rps">–</div></div>
  <div class="card"><div class="label">Requests</div><div class="value" id="requests">0</div></div>
  <div class="card"><div class="label">Failures</div><div class="value" id="failures">0</div></div>
  <div class="card"><div class="label">p50 / p95 / p99 ms</div><div class="value" id="percentiles">–</div></div>
  <div class="card"><div class="label">Users active / asked</div><div class="value" id="users">–</div></div>
  <div class="card"><div class="label">Workers</div><div class="value" id="workers">–</div></div>
</section>
<section class="controls" aria-label="Controls">
  <form id="users-form">
    <label for="users-input">Users</label>
    <input id="users-input" type="number" min="0" max="1000000" step="1" required>
    <button type="submit" id="apply-users">Set users</button>
  </form>
  <form id="rate-form" hidden>
    <label for="rate-input">Target req/s</label>
    <input id="rate-input" type="number" min="0.1" step="any" required>
    <button type="submit" id="apply-rate">Set rate</button>
  </form>
  <button type="button" id="stop" class="danger">Stop the run</button>
  <span id="message" role="status" class="muted"></span>
</section>
<section aria-label="Over time">
  <h2>Throughput</h2>
  <svg id="chart-rps" class="chart" viewBox="0 0 800 200" role="img" aria-label="Requests and failures per second"></svg>
  <h2>Latency</h2>
  <svg id="chart-latency" class="chart" viewBox="0 0 800 200" role="img" aria-label="p50, p95 and p99 latency"></svg>
  <h2>Users</h2>
  <svg id="chart-users" class="chart" viewBox="0 0 800 200" role="img" aria-label="Active users"></svg>
</section>
<section aria-label="Per route">
  <h2>Per route</h2>
  <table>
    <thead><tr><th class="name">Route</th><th>Requests</th><th>Failures</th><th>Req/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>Max ms</th></tr></thead>
    <tbody id="routes"></tbody>
  </table>
</section>
<section id="workers-section" aria-label="Workers" hidden>
  <h2>Workers</h2>
  <table>
    <thead><tr><th class="name">Worker</th><th class="name">Status</th><th class="name">Host</th><th>Users</th><th>Active</th><th>Requests</th><th>Failures</th></tr></thead>
    <tbody id="worker-rows"></tbody>
  </table>
</section>
</main>
</body>
</html>
`;

export const DASHBOARD_CSS = `[hidden] { display: none !important; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1140px; color: #1d1d2c; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 6px; }
.muted { color: #5b5b70; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 14px; min-width: 150px; }
.card .label { color: #5b5b70; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 18px 0; }
.controls form { display: flex; gap: 6px; align-items: center; }
.controls input { width: 110px; padding: 4px 6px; }
button { padding: 5px 12px; border-radius: 6px; border: 1px solid #888; background: #f4f4f8; cursor: pointer; }
button.danger { border-color: #b3261e; color: #fff; background: #b3261e; }
button:disabled { opacity: .5; cursor: default; }
.chart { width: 100%; height: auto; background: #fafafc; border: 1px solid #eee; border-radius: 8px; }
.chart text { font: 11px system-ui, sans-serif; fill: #55556a; }
.chart .grid { stroke: #e4e4ec; }
.chart polyline { fill: none; stroke-width: 2; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: right; }
th.name, td.name { text-align: left; }
tr.total td { font-weight: 600; border-top: 2px solid #999; }
.lost { color: #b3261e; font-weight: 600; }
`;

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M1 14 5 8l3 3 6-9" fill="none" stroke="#3d5afe" stroke-width="2"/></svg>
`;

// Plain browser JavaScript (no build step): polls /api/state once a second and draws with SVG elements.
export const DASHBOARD_JS = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const points = [];
  let since = -1;
  let model = null;
  let over = false;

  const ms = (v) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
  const count = (n) => n.toLocaleString('en-US');

  function niceCeil(value) {
    if (!(value > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
    return 10 * power;
  }

  function element(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function chart(id, lines) {
    const svg = $(id);
    const width = 800, height = 200, left = 52, right = 10, top = 14, bottom = 24;
    const xs = points.map((p) => p.t);
    const xMax = Math.max(1, ...xs);
    const yMax = niceCeil(Math.max(0, ...lines.flatMap((line) => points.map(line.value))));
    const x = (t) => left + (t / xMax) * (width - left - right);
    const y = (v) => top + (height - top - bottom) * (1 - v / yMax);
    svg.replaceChildren();
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4;
      svg.append(element('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'grid' }));
      svg.append(element('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(Number(v.toPrecision(3)))));
    }
    svg.append(element('text', { x: width - right, y: height - 6, 'text-anchor': 'end' }, Math.round(xMax) + ' s'));
    let legend = left + 10;
    for (const line of lines) {
      const path = points.map((p) => x(p.t).toFixed(1) + ',' + y(line.value(p)).toFixed(1)).join(' ');
      svg.append(element('polyline', { points: path, stroke: line.color, 'data-series': line.name }));
      svg.append(element('rect', { x: legend, y: 4, width: 12, height: 4, fill: line.color }));
      svg.append(element('text', { x: legend + 16, y: 10 }, line.name));
      legend += 30 + line.name.length * 7;
    }
  }

  function cell(text, name) {
    const td = document.createElement('td');
    td.textContent = text;
    if (name) td.className = 'name';
    return td;
  }

  function routeRow(route, total) {
    const tr = document.createElement('tr');
    if (total) tr.className = 'total';
    tr.append(cell(route.name, true), cell(count(route.requests)), cell(count(route.failures)), cell(route.rps.toFixed(1)),
      cell(ms(route.p50)), cell(ms(route.p95)), cell(ms(route.p99)), cell(ms(route.max)));
    return tr;
  }

  function render(state) {
    for (const point of state.series) points.push(point);
    if (state.series.length > 0) since = state.series[state.series.length - 1].t;
    over = state.phase === 'stopping' || state.phase === 'finished';
    $('phase').textContent = state.phase + (state.stoppedBy ? ' (stopped by ' + state.stoppedBy + ')' : '');
    $('elapsed').textContent = state.elapsedS.toFixed(0) + ' s';
    $('model').textContent = state.model;
    const last = points[points.length - 1];
    $('rps').textContent = last ? last.rps.toFixed(1) : '–';
    const total = state.total;
    $('requests').textContent = total ? count(total.requests) : '0';
    $('failures').textContent = total
      ? count(total.failures) + ' (' + (total.requests ? (100 * total.failures) / total.requests : 0).toFixed(2) + '%)'
      : '0';
    $('percentiles').textContent = last ? ms(last.p50) + ' / ' + ms(last.p95) + ' / ' + ms(last.p99) : '–';
    $('users').textContent = state.active + ' / ' + state.users + (state.targetRps !== null ? ' · ' + state.targetRps + ' req/s' : '');
    const live = state.workers ? state.workers.filter((w) => w.status === 'running' || w.status === 'waiting').length : null;
    $('workers').textContent = state.workers ? live + ' of ' + state.workers.length : 'this process';
    if (model === null) {
      model = state.model;
      $('users-input').value = String(state.users);
      if (state.targetRps !== null) {
        $('rate-form').hidden = false;
        $('rate-input').value = String(state.targetRps);
      }
    }
    for (const id of ['apply-users', 'apply-rate', 'stop']) $(id).disabled = over;
    chart('chart-rps', [
      { name: 'requests/s', color: '#3d5afe', value: (p) => p.rps },
      { name: 'failures/s', color: '#d32f2f', value: (p) => p.failuresPerSecond },
    ]);
    chart('chart-latency', [
      { name: 'p50', color: '#2e7d32', value: (p) => p.p50 },
      { name: 'p95', color: '#f9a825', value: (p) => p.p95 },
      { name: 'p99', color: '#c62828', value: (p) => p.p99 },
    ]);
    chart('chart-users', [{ name: state.model === 'open' ? 'in flight' : 'users', color: '#6a1b9a', value: (p) => p.users }]);
    const rows = state.routes.map((route) => routeRow(route, false));
    if (total) rows.push(routeRow(total, true));
    $('routes').replaceChildren(...rows);
    if (state.workers) {
      $('workers-section').hidden = false;
      $('worker-rows').replaceChildren(...state.workers.map((w) => {
        const tr = document.createElement('tr');
        const status = cell(w.status, true);
        if (w.status === 'lost') status.classList.add('lost');
        tr.append(cell('#' + w.id, true), status, cell(w.hostname + ' (pid ' + w.pid + ')', true), cell(String(w.users)),
          cell(String(w.active)), cell(count(w.requests)), cell(count(w.failures)));
        return tr;
      }));
    }
  }

  async function refresh() {
    try {
      const response = await fetch('/api/state?since=' + since, { cache: 'no-store' });
      render(await response.json());
    } catch {
      $('phase').textContent = over ? 'finished' : 'disconnected';
    }
  }

  async function send(path, body, done) {
    try {
      const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const answer = await response.json();
      $('message').textContent = response.ok ? done : answer.error;
    } catch (err) {
      $('message').textContent = String(err);
    }
    refresh();
  }

  $('users-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const users = Number($('users-input').value);
    send('/api/users', { users }, 'users set to ' + users);
  });
  $('rate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const rps = Number($('rate-input').value);
    send('/api/rate', { rps }, 'target rate set to ' + rps + ' req/s');
  });
  $('stop').addEventListener('click', () => send('/api/stop', {}, 'stopping'));
  refresh();
  setInterval(refresh, 1000);
})();
`;
