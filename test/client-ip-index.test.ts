// report.json clientIpIndex (report/client-ip-index.ts): every client IP in its order, or the first CLIENT_IP_INDEX_MAX
// of them chosen without a row per IP of the map (a botnet's millions), the same as sorting them all and cutting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAggregate, newClientIp } from '../src/aggregate/create.js';
import { bumpUser } from '../src/aggregate/user-counts.js';
import { clientIpIndexOf } from '../src/report/client-ip-index.js';

/** A map of `n` IPs with failed logins and connections drawn from a small range, so that many tie. */
function aggregateOf(n: number): ReturnType<typeof newAggregate> {
  const agg = newAggregate();
  let seed = 7;
  const next = (m: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m; };
  for (let i = 0; i < n; i++) {
    const ip = `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
    const r = newClientIp('unknown');
    r.connections = next(4);
    r.authFailures = next(3);
    if (next(5) === 0) r.mailboxLoginFailures = next(3);
    if (r.authFailures > 0) r.authUsersTried = bumpUser(bumpUser(null, 'info', 2, (s) => s), `u${next(7)}`, 1, (s) => s);
    agg.byClientIp.set(ip, r);
  }
  return agg;
}

test('the index cut at max is the whole index sorted and cut: most failed logins, then connections, then the IP', () => {
  const agg = aggregateOf(3000);
  const all = clientIpIndexOf(agg, 1_000_000);
  assert.equal(all.complete, true);
  // IPs with neither a connection nor a failed login are not listed.
  const listed = [...agg.byClientIp.values()].filter((r) => r.connections > 0 || r.authFailures + Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures) > 0).length;
  assert.equal(all.ips.length, listed);
  for (let i = 1; i < all.ips.length; i++) {
    const a = all.ips[i - 1]!;
    const b = all.ips[i]!;
    const fa = a.failedLogins ?? 0;
    const fb = b.failedLogins ?? 0;
    assert.ok(fa > fb || (fa === fb && (a.connections > b.connections || (a.connections === b.connections && a.ip < b.ip))), `${a.ip} before ${b.ip}`);
  }
  for (const max of [0, 1, 7, 100, 999, listed - 1, listed]) {
    const cut = clientIpIndexOf(agg, max);
    assert.deepEqual(cut.ips, all.ips.slice(0, max), `max ${max}`);
    assert.equal(cut.complete, listed <= max, `max ${max}`);
  }
  // The users tried: most tries first, then by name.
  const tried = all.ips.find((x) => x.users !== undefined)!;
  assert.equal(tried.users![0], 'info');
});
