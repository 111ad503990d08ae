import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Dashboard, startDashboard } from './dashboard';
import type { LiveRun, LiveState } from './live';

/** A run that records what the dashboard asked of it. */
function fakeRun(model: 'closed' | 'open') {
  const calls: string[] = [];
  let phase: LiveState['phase'] = 'running';
  const run: LiveRun = {
    state: (sinceS) => ({
      phase,
      model,
      elapsedS: 3,
      users: 5,
      active: 4,
      targetRps: model === 'open' ? 100 : null,
      workers: null,
      total: null,
      routes: [],
      series: [
        { t: 1, users: 4, rps: 10, failuresPerSecond: 0, p50: 1, p95: 2, p99: 3, max: 4 },
        { t: 2, users: 4, rps: 12, failuresPerSecond: 0, p50: 1, p95: 2, p99: 3, max: 4 },
      ].filter((p) => p.t > sinceS),
      stoppedBy: null,
    }),
    stop: () => {
      calls.push('stop');
      phase = 'stopping';
    },
    setUsers: (users) => void calls.push(`users ${users}`),
    setTargetRps: (rps) => void calls.push(`rps ${rps}`),
  };
  return { run, calls };
}

describe('the dashboard server', () => {
  let dashboard: Dashboard;
  before(async () => {
    dashboard = await startDashboard(0, '127.0.0.1');
  });
  after(() => dashboard.close());

  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(new URL(path, dashboard.url), {
      method: 'POST',
      headers: { 'content-type': type },
      body: JSON.stringify(body),
    });

  it('the page → CSP default-src ’self’, and only its own script and stylesheet, nothing inline', async () => {
    const response = await fetch(dashboard.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), "default-src 'self'");
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const html = await response.text();
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script src="/dashboard.js" defer>']);
    // No inline style or event-handler attribute (onclick=...), and nothing fetched from elsewhere.
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
    for (const asset of ['/dashboard.js', '/dashboard.css', '/favicon.svg']) {
      const res = await fetch(new URL(asset, dashboard.url));
      assert.equal(res.status, 200, asset);
      assert.equal(res.headers.get('content-security-policy'), "default-src 'self'");
    }
  });

  it('before a run is attached → state "waiting", and the controls answer 409', async () => {
    const state = (await (await fetch(new URL('/api/state', dashboard.url))).json()) as LiveState;
    assert.equal(state.phase, 'waiting');
    assert.equal((await post('/api/stop', {})).status, 409);
  });

  it('state?since=1 → only the points after t = 1', async () => {
    dashboard.attach(fakeRun('closed').run);
    const state = (await (await fetch(new URL('/api/state?since=1', dashboard.url))).json()) as LiveState;
    assert.deepEqual(
      state.series.map((p) => p.t),
      [2],
    );
  });

  it('controls: JSON only (415 otherwise), users an integer 0..1,000,000, a rate only in the open model', async () => {
    const closed = fakeRun('closed');
    dashboard.attach(closed.run);
    assert.equal((await post('/api/users', { users: 3 }, 'text/plain')).status, 415);
    assert.equal((await post('/api/users', { users: -1 })).status, 400);
    assert.equal((await post('/api/users', { users: 2.5 })).status, 400);
    assert.equal((await post('/api/users', { users: '3' })).status, 400);
    assert.equal((await post('/api/users', { users: 3 })).status, 200);
    assert.equal((await post('/api/rate', { rps: 50 })).status, 409);
    assert.deepEqual(closed.calls, ['users 3']);

    const open = fakeRun('open');
    dashboard.attach(open.run);
    assert.equal((await post('/api/rate', { rps: 0 })).status, 400);
    assert.equal((await post('/api/rate', { rps: 250 })).status, 200);
    assert.equal((await post('/api/stop', {})).status, 202);
    assert.equal((await post('/api/users', { users: 1 })).status, 409, 'the run is over');
    assert.deepEqual(open.calls, ['rps 250', 'stop']);
  });

  it('an unknown path → 404', async () => {
    assert.equal((await fetch(new URL('/nope', dashboard.url))).status, 404);
  });
});
