// The Postfix queue: queue IDs (microseconds + inode, inodes reused lowest-first like ext4), cleanup,
// qmgr activation on arrival and on every retry (re-logging `from=… (queue active)`), delivery agents
// (lmtp to Dovecot, local, smtp, error for "delivery temporarily suspended"), dead-destination throttling,
// exponential backoff aligned to queue_run_delay scans, bounce notifications, expiry and postsuper.

import type { Server, Proc } from './server.js';
import { US, utcCompact } from './clock.js';
import * as L from './lines.js';
import * as R from './replies.js';
import { ALIASES, SERVER, remoteDomain, type Mx, type RemoteDomain } from './world.js';
import type { RemotePolicy } from './remote.js';

export type MsgKind = 'inbound' | 'outbound' | 'spam' | 'ndr' | 'web' | 'cron' | 'forward';

export interface Rcpt {
  addr: string;
  origTo: string | undefined;
  domain: string;
  route: 'lmtp' | 'local' | 'smtp';
  /** 0 pending, 1 sent, 2 bounced, 3 expired, 4 forwarded */
  state: number;
  deferrals: number;
}

export interface Msg {
  qid: string;
  inode: number;
  extraInode: number;
  arrival: number;
  sender: string;
  size: number;
  nrcpt: number;
  rcpts: Rcpt[];
  msgid: string;
  kind: MsgKind;
  clientIp: string | null;
  saslUser: string | null;
  spam: boolean;
  attempts: number;
  wasDeferred: boolean;
  pending: number;
  inflight: number;
  bouncedNow: Rcpt[];
  expiring: boolean;
  alive: boolean;
  retryAt: number;
}

interface DestState {
  /** a failing connection attempt is in progress until then: other deliveries wait for its verdict */
  probeUntil: number;
  deadUntil: number;
  deadReason: string;
  deadDsn: string;
  deadClass: string;
  cacheUntil: number;
  cacheUses: number;
  cacheMx: Mx | null;
}

export interface OpenOptions {
  kind: MsgKind;
  sender: string;
  size: number;
  msgid: string;
  clientIp: string | null;
  saslUser: string | null;
  spam?: boolean;
}

/** Min-heap of free inode numbers with lazy deletion. */
class InodePool {
  private heap: number[] = [];
  private readonly free = new Set<number>();
  constructor(private next: number) {}

  take(): number {
    while (this.heap.length > 0) {
      const v = this.popMin();
      if (this.free.delete(v)) return v;
    }
    this.next += 1;
    return this.next;
  }

  takeSpecific(inode: number): boolean {
    return this.free.delete(inode);
  }

  isFree(inode: number): boolean {
    return this.free.has(inode);
  }

  skip(n: number): void {
    this.next += n;
  }

  give(inode: number): void {
    if (this.free.has(inode)) return;
    this.free.add(inode);
    const h = this.heap;
    h.push(inode);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as number) <= inode) break;
      h[i] = h[p] as number;
      i = p;
    }
    h[i] = inode;
  }

  private popMin(): number {
    const h = this.heap;
    const top = h[0] as number;
    const last = h.pop() as number;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && (h[r] as number) < (h[l] as number) ? r : l;
        if ((h[c] as number) >= last) break;
        h[i] = h[c] as number;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function hex5(usec: number): string {
  const s = usec.toString(16).toUpperCase();
  return '00000'.slice(s.length) + s;
}

export class Mta {
  readonly alive = new Map<string, Msg>();
  private readonly inodes: InodePool;
  private readonly recentlyRemoved: { qid: string; inode: number }[] = [];
  private readonly dests = new Map<string, DestState>();
  /** forced queue-ID reuses (qid -> times), for the truth file */
  readonly reusedQids: string[] = [];
  /** called whenever a message leaves the queue for good (for big mode's memory accounting) */
  onRemoved: ((m: Msg) => void) | null = null;

  constructor(
    private readonly srv: Server,
    public policy: RemotePolicy,
    firstInode: number,
  ) {
    this.inodes = new InodePool(firstInode);
  }

  // ---- queue IDs ------------------------------------------------------------------------------------

  private allocQid(): { qid: string; inode: number } {
    const rng = this.srv.rng;
    if (this.recentlyRemoved.length > 0 && rng.chance(this.srv.cfg.qidReuseChance)) {
      const cand = this.recentlyRemoved[rng.int(0, this.recentlyRemoved.length - 1)] as { qid: string; inode: number };
      if (!this.alive.has(cand.qid) && this.inodes.takeSpecific(cand.inode)) {
        this.reusedQids.push(cand.qid);
        return cand;
      }
    }
    if (rng.chance(0.01)) this.inodes.skip(rng.int(1, 40));
    const inode = this.inodes.take();
    const usec = this.srv.now % US;
    return { qid: hex5(usec) + inode.toString(16).toUpperCase(), inode };
  }

  private newMsg(o: OpenOptions): Msg {
    const { qid, inode } = this.allocQid();
    const m: Msg = {
      qid,
      inode,
      extraInode: -1,
      arrival: this.srv.now,
      sender: o.sender,
      size: o.size,
      nrcpt: 0,
      rcpts: [],
      msgid: o.msgid,
      kind: o.kind,
      clientIp: o.clientIp,
      saslUser: o.saslUser,
      spam: o.spam === true,
      attempts: 0,
      wasDeferred: false,
      pending: 0,
      inflight: 0,
      bouncedNow: [],
      expiring: false,
      alive: true,
      retryAt: 0,
    };
    this.alive.set(qid, m);
    this.srv.truth.queueFilesCreated++;
    return m;
  }

  // ---- arrival --------------------------------------------------------------------------------------

  /** smtpd creates the queue file at the first accepted RCPT and logs `QID: client=…`. */
  openSmtpd(proc: Proc, clientName: string, o: OpenOptions, method?: string): Msg {
    const m = this.newMsg(o);
    const sasl = o.saslUser !== null ? { method: method ?? 'PLAIN', user: o.saslUser } : undefined;
    this.srv.emit(proc.tag, L.smtpd.client(m.qid, clientName, o.clientIp as string, sasl));
    this.srv.truth.accepted('smtpd', o.clientIp, o.saslUser, o.sender);
    return m;
  }

  /** pickup(8): `QID: uid=33 from=<www-data>`, then cleanup adds a Message-ID. */
  pickup(uid: number, user: string, rcpts: string[], size: number, msgid?: string): Msg {
    const sender = `${user}@${SERVER.fqdn}`;
    const m = this.newMsg({ kind: user === 'root' ? 'cron' : 'web', sender, size, msgid: '', clientIp: null, saslUser: null });
    m.msgid = msgid ?? `${utcCompact(this.srv.now)}.${m.qid}@${SERVER.fqdn}`;
    this.srv.emit(this.srv.pickupProc(), L.pickup.uid(m.qid, uid, user));
    this.srv.truth.accepted('pickup', null, null, sender);
    for (const r of rcpts) this.addRcpt(m, r);
    this.commit(m, 0.001);
    return m;
  }

  /** Adds a recipient after virtual alias expansion (sales@ -> two mailboxes, root -> local). */
  addRcpt(m: Msg, addr: string): void {
    const at = addr.lastIndexOf('@');
    const local = at < 0 ? addr : addr.slice(0, at);
    const domain = at < 0 ? '' : addr.slice(at + 1).toLowerCase();
    if (domain === SERVER.domain) {
      const targets = ALIASES[local];
      if (targets !== undefined) {
        for (const t of targets) this.pushRcpt(m, { addr: `${t}@${SERVER.domain}`, origTo: addr, domain, route: 'lmtp', state: 0, deferrals: 0 });
        return;
      }
      this.pushRcpt(m, { addr, origTo: undefined, domain, route: 'lmtp', state: 0, deferrals: 0 });
      return;
    }
    if (domain === '' || domain === SERVER.fqdn) {
      this.pushRcpt(m, { addr: `${local}@${SERVER.fqdn}`, origTo: local, domain: SERVER.fqdn, route: 'local', state: 0, deferrals: 0 });
      return;
    }
    this.pushRcpt(m, { addr, origTo: undefined, domain, route: 'smtp', state: 0, deferrals: 0 });
  }

  private pushRcpt(m: Msg, r: Rcpt): void {
    if (m.rcpts.some((x) => x.addr === r.addr)) return;
    m.rcpts.push(r);
    m.nrcpt++;
    m.pending++;
  }

  /** End of DATA: cleanup logs the Message-ID, qmgr picks the message up immediately. */
  commit(m: Msg, delaySeconds = 0): void {
    const go = (): void => {
      const cl = this.srv.cleanup.hold(0.002);
      this.srv.emit(cl.tag, L.cleanup.messageId(m.qid, m.msgid));
      this.srv.sim.after(0.0005 + this.srv.rng.range(0, 0.002), () => this.activate(m));
    };
    if (delaySeconds > 0) this.srv.sim.after(delaySeconds, go);
    else go();
  }

  // ---- qmgr -----------------------------------------------------------------------------------------

  private lifetimeUs(m: Msg): number {
    return (m.sender === '' ? this.srv.cfg.bounceQueueLifetimeS : this.srv.cfg.maximalQueueLifetimeS) * US;
  }

  private activate(m: Msg): void {
    if (!m.alive || m.pending === 0) return;
    const srv = this.srv;
    const now = srv.now;
    m.attempts++;
    srv.emit(srv.qmgrTag, L.qmgr.active(m.qid, m.sender, m.size, m.nrcpt));
    m.expiring = now - m.arrival > this.lifetimeUs(m);
    m.bouncedNow = [];
    const groups = new Map<string, Rcpt[]>();
    for (const r of m.rcpts) {
      if (r.state !== 0) continue;
      const key = r.route === 'smtp' ? r.domain : r.route;
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = []));
      g.push(r);
    }
    m.inflight = 0;
    const rng = srv.rng;
    for (const [key, rcpts] of groups) {
      // split big batches like smtp_destination_recipient_limit (50)
      for (let i = 0; i < rcpts.length; i += 50) {
        const batch = rcpts.slice(i, i + 50);
        m.inflight++;
        const b = m.attempts === 1 ? rng.range(0.0005, 0.012) : rng.range(0.002, 0.08);
        srv.sim.after(b, () => {
          if (key === 'lmtp') this.deliverLmtp(m, batch, now);
          else if (key === 'local') this.deliverLocal(m, batch, now);
          else this.deliverRemote(m, key, batch, now);
        });
      }
    }
    if (m.inflight === 0) this.passDone(m);
  }

  private groupDone(m: Msg): void {
    m.inflight--;
    if (m.inflight === 0) this.passDone(m);
  }

  private passDone(m: Msg): void {
    const srv = this.srv;
    const truth = srv.truth;
    let notify: Rcpt[] = m.bouncedNow;
    if (m.expiring && m.pending > 0) {
      srv.emit(srv.qmgrTag, L.qmgr.expired(m.qid, m.sender));
      truth.expiredMessages++;
      for (const r of m.rcpts) {
        if (r.state === 0) {
          r.state = 3;
          truth.expired++;
          notify = notify.concat([r]);
        }
      }
      m.pending = 0;
    }
    if (notify.length > 0 && m.sender !== '') this.sendNdr(m, notify);
    m.bouncedNow = [];
    if (!m.alive) return;
    if (m.pending === 0) {
      srv.emit(srv.qmgrTag, L.qmgr.removed(m.qid));
      this.retire(m);
      return;
    }
    // deferred: next attempt after clamp(age, min_backoff, max_backoff), at the next deferred-queue scan
    if (m.extraInode < 0) m.extraInode = this.inodes.take();
    const cfg = srv.cfg;
    const age = (srv.now - m.arrival) / US;
    const backoff = Math.min(cfg.maximalBackoffS, Math.max(cfg.minimalBackoffS, age));
    const due = srv.now + backoff * US;
    const period = cfg.queueRunDelayS * US;
    const k = Math.ceil((due - srv.qmgrStart) / period);
    // a scan activates what is due one after another: the bigger the queue, the longer it takes
    const at = srv.qmgrStart + k * period + srv.rng.range(0.05, 2.5 + this.alive.size / 40) * US;
    m.retryAt = at;
    srv.sim.at(at, () => this.activate(m));
  }

  private retire(m: Msg): void {
    m.alive = false;
    this.alive.delete(m.qid);
    this.inodes.give(m.inode);
    if (m.extraInode >= 0) this.inodes.give(m.extraInode);
    this.recentlyRemoved.push({ qid: m.qid, inode: m.inode });
    if (this.recentlyRemoved.length > 64) this.recentlyRemoved.shift();
    if (this.onRemoved !== null) this.onRemoved(m);
  }

  /** bounce(8): a non-delivery notification from <> back to the sender. */
  private sendNdr(orig: Msg, rcpts: Rcpt[]): void {
    const srv = this.srv;
    const size = 2200 + srv.rng.int(0, 900) + Math.min(orig.size, 50000) + rcpts.length * 180;
    const ndr = this.newMsg({ kind: 'ndr', sender: '', size, msgid: '', clientIp: null, saslUser: null, spam: false });
    ndr.msgid = `${utcCompact(srv.now)}.${ndr.qid}@${SERVER.fqdn}`;
    this.addRcpt(ndr, orig.sender);
    const cl = srv.cleanup.hold(0.002);
    srv.emit(cl.tag, L.cleanup.messageId(ndr.qid, ndr.msgid));
    this.activate(ndr);
    const b = srv.bounce.hold(0.01);
    srv.emit(b.tag, L.bounce.nonDelivery(orig.qid, ndr.qid));
    srv.truth.bounceNotifications++;
  }

  // ---- delivery agents --------------------------------------------------------------------------------

  private finish(m: Msg, r: Rcpt, status: 'sent' | 'bounced' | 'forwarded', local: boolean): void {
    const t = this.srv.truth;
    m.pending--;
    if (status === 'sent') {
      r.state = 1;
      t.delivered++;
      if (local) t.deliveredLocal++;
      else t.deliveredRemote++;
    } else if (status === 'forwarded') {
      r.state = 4;
      t.forwarded++;
    } else {
      r.state = 2;
      t.bounced++;
      m.bouncedNow.push(r);
    }
  }

  private deferOne(m: Msg, r: Rcpt, reasonClass: string): void {
    r.deferrals++;
    this.srv.truth.deferral(reasonClass);
    if (!m.wasDeferred) {
      m.wasDeferred = true;
      this.srv.truth.deferredMessages++;
    }
  }

  private deliverLmtp(m: Msg, rcpts: Rcpt[], tAct: number): void {
    const srv = this.srv;
    const rng = srv.rng;
    const dpid = srv.dovecotLmtp.acquire();
    srv.dovecot(L.dovecot.lmtpConnect(dpid.pid));
    const b = (srv.now - tAct) / US;
    const c = rng.chance(0.7) ? 0 : rng.range(0.001, 0.02);
    const d = rng.range(0.002, 0.03) + m.size / 40e6;
    srv.sim.after(c + d, () => {
      const agent = srv.lmtp.hold(0.001);
      const guid = srv.lmtpGuid(dpid.pid);
      rcpts.forEach((r, i) => {
        const g = i === 0 ? guid : `${guid}:R${i + 1}`;
        srv.dovecot(L.dovecot.lmtpSaved(r.addr, dpid.pid, g, m.msgid));
      });
      const delay = (srv.now - m.arrival) / US;
      rcpts.forEach((r, i) => {
        const g = i === 0 ? guid : `${guid}:R${i + 1}`;
        srv.emit(
          agent.tag,
          L.delivery({ qid: m.qid, to: r.addr, origTo: r.origTo, relay: `${SERVER.fqdn}[private/dovecot-lmtp]`, delay, a: (tAct - m.arrival) / US, b, c, d, dsn: '2.0.0', status: 'sent', text: `250 2.0.0 <${r.addr}> ${g} Saved` }),
        );
        this.finish(m, r, 'sent', true);
      });
      srv.sim.after(rng.range(0.0002, 0.002), () => {
        srv.dovecot(L.dovecot.lmtpDisconnect(dpid.pid));
        srv.dovecotLmtp.release(dpid);
      });
      this.groupDone(m);
    });
  }

  /** local(8) for root: alias root -> takahashi@example.jp, forwarded as a new queue file. */
  private deliverLocal(m: Msg, rcpts: Rcpt[], tAct: number): void {
    const srv = this.srv;
    const b = (srv.now - tAct) / US;
    const agent = srv.local.hold(0.01);
    for (const r of rcpts) {
      if (!r.addr.startsWith('root@')) {
        const delay = (srv.now - m.arrival) / US;
        srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, origTo: r.origTo, relay: 'local', delay, a: (tAct - m.arrival) / US, b, c: 0, d: 0.002, dsn: '2.0.0', status: 'sent', text: 'delivered to mailbox' }));
        this.finish(m, r, 'sent', true);
        continue;
      }
      const fwd = this.newMsg({ kind: 'forward', sender: m.sender, size: m.size + 132, msgid: m.msgid, clientIp: null, saslUser: null });
      this.pushRcpt(fwd, { addr: `takahashi@${SERVER.domain}`, origTo: r.origTo, domain: SERVER.domain, route: 'lmtp', state: 0, deferrals: 0 });
      const cl = srv.cleanup.hold(0.002);
      srv.emit(cl.tag, L.cleanup.messageId(fwd.qid, fwd.msgid));
      this.activate(fwd);
      const delay = (srv.now - m.arrival) / US;
      srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, origTo: r.origTo, relay: 'local', delay, a: (tAct - m.arrival) / US, b, c: 0, d: 0.002, dsn: '2.0.0', status: 'sent', text: `forwarded as ${fwd.qid}` }));
      this.finish(m, r, 'forwarded', true);
    }
    this.groupDone(m);
  }

  private dest(domain: string): DestState {
    let d = this.dests.get(domain);
    if (d === undefined) {
      d = { probeUntil: 0, deadUntil: 0, deadReason: '', deadDsn: '', deadClass: '', cacheUntil: 0, cacheUses: 0, cacheMx: null };
      this.dests.set(domain, d);
    }
    return d;
  }

  /** Marks a destination dead (qmgr throttles it until the next attempt after minimal_backoff_time). */
  private throttle(ds: DestState, reason: string, dsn: string, cls: string): void {
    ds.deadUntil = this.srv.now + this.srv.rng.range(0.8, 1.0) * this.srv.cfg.minimalBackoffS * US;
    ds.deadReason = reason;
    ds.deadDsn = dsn;
    ds.deadClass = cls;
  }

  private deliverRemote(m: Msg, domain: string, rcpts: Rcpt[], tAct: number): void {
    const srv = this.srv;
    const rng = srv.rng;
    const rd = remoteDomain(domain);
    const ds = this.dest(domain);
    const a = (tAct - m.arrival) / US;
    const b = (srv.now - tAct) / US;

    // a connection attempt is failing right now: qmgr holds the rest until the site is declared dead
    if (srv.now < ds.probeUntil) {
      srv.sim.at(ds.probeUntil + rng.range(0.001, 0.05) * US, () => this.deliverRemote(m, domain, rcpts, tAct));
      return;
    }

    // throttled destination: the error(8) agent defers without trying
    if (srv.now < ds.deadUntil) {
      const agent = srv.error.hold(0.005);
      const d = rng.chance(0.6) ? 0 : rng.range(0.001, 0.05);
      srv.sim.after(d, () => {
        const delay = (srv.now - m.arrival) / US;
        for (const r of rcpts) {
          srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, relay: 'none', delay, a, b, c: 0, d, dsn: ds.deadDsn, status: 'deferred', text: R.suspended(ds.deadReason) }));
          this.deferOne(m, r, ds.deadClass);
        }
        this.groupDone(m);
      });
      return;
    }

    // no such domain
    if (rd.flavor === 'nxdomain' || rd.mx.length === 0) {
      const agent = srv.smtp.hold(0.05);
      const d = rng.range(0.01, 0.3);
      srv.sim.after(d, () => {
        const delay = (srv.now - m.arrival) / US;
        for (const r of rcpts) {
          srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, relay: 'none', delay, a, b, c: 0, d: 0, dsn: '5.4.4', status: 'bounced', text: R.hostNotFound(domain, false) }));
          this.finish(m, r, 'bounced', false);
        }
        this.groupDone(m);
      });
      return;
    }

    const verdict = this.policy.connect(rd, m, srv.now, rng);
    if (verdict === 'timeout' || verdict === 'refused') {
      this.connectFailure(m, rd, ds, rcpts, verdict, a, b);
      return;
    }

    const reuse = srv.now < ds.cacheUntil && ds.cacheMx !== null && verdict === 'ok';
    // Gmail's MX have distinct preferences (5..40): the primary answers unless it is down; other sites use equal-preference MX
    const mx: Mx = reuse ? (ds.cacheMx as Mx) : rd.flavor === 'gmail' || rng.chance(0.85) ? (rd.mx[0] as Mx) : (rd.mx[rng.int(0, rd.mx.length - 1)] as Mx);
    const agent = srv.smtp.acquire();
    const relay = `${mx.host}[${mx.ip}]:25`;

    if (verdict === 'tss04' || verdict === 'greeting-timeout') {
      const c = verdict === 'tss04' ? rng.range(0.2, 1.2) : 300 + rng.range(0, 0.5);
      ds.probeUntil = srv.now + c * US + 1;
      srv.sim.after(c, () => {
        const delay = (srv.now - m.arrival) / US;
        const text = verdict === 'tss04' ? R.yahooTss04(mx) : R.greetingTimeout(mx);
        const dsn = verdict === 'tss04' ? '4.7.0' : '4.4.2';
        for (const r of rcpts) {
          srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, relay, delay, a, b, c, d: 0, dsn, status: 'deferred', text }));
          this.deferOne(m, r, verdict);
        }
        this.throttle(ds, text, dsn, verdict);
        srv.smtp.release(agent);
        this.groupDone(m);
      });
      return;
    }

    // connected
    const c = reuse ? rng.range(0, 0.01) : rng.range(0.15, 1.4);
    const d = rng.range(0.05, 0.6) + m.size / 2e6;
    let connUse = 1;
    if (reuse) {
      ds.cacheUses++;
      connUse = ds.cacheUses;
    } else {
      ds.cacheUses = 1;
    }
    const tlsLine = !reuse && rd.tls !== 'none';
    srv.sim.after(c, () => {
      if (tlsLine) srv.emit(agent.tag, L.smtp.tls(rd.tls === 'trusted', mx.host, mx.ip, rd.flavor === 'docomo' || rd.flavor === 'au' || rd.flavor === 'netease', rd.flavor === 'gmail'));
      srv.sim.after(d, () => {
        const now = srv.now;
        const delay = (now - m.arrival) / US;
        const line = (r: Rcpt, dsn: string, status: 'sent' | 'deferred' | 'bounced', text: string): void => {
          srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, relay, connUse, delay, a, b, c, d, dsn, status, text }));
        };
        const accepted: Rcpt[] = [];
        let sessionLost = false;
        for (let i = 0; i < rcpts.length; i++) {
          const r = rcpts[i] as Rcpt;
          const v = this.policy.rcpt(rd, m, r, now, rng);
          if (v === 'ok') {
            accepted.push(r);
          } else if (v === 'unknown') {
            line(r, '5.1.1', 'bounced', R.userUnknown(mx, rd.flavor, r.addr, rng));
            this.finish(m, r, 'bounced', false);
          } else if (v === 'msblock') {
            line(r, '5.7.1', 'bounced', R.microsoftBlock(mx, now, rng));
            this.finish(m, r, 'bounced', false);
          } else if (v === 'greylist') {
            line(r, '4.2.0', 'deferred', R.greylisted(mx, r.addr, domain));
            this.deferOne(m, r, 'greylist');
          } else if (v === 'full') {
            line(r, '4.2.2', 'deferred', R.mailboxFull(mx, r.addr));
            this.deferOne(m, r, 'mailbox-full');
          } else {
            // ratelimit / lost: the session ends; this and every later recipient of the batch is deferred
            const text = v === 'ratelimit' ? R.gmailRateLimit(mx, rng) : R.lostConnection(mx, 'RCPT TO');
            const dsn = v === 'ratelimit' ? '4.7.28' : '4.4.2';
            for (let j = i; j < rcpts.length; j++) {
              line(rcpts[j] as Rcpt, dsn, 'deferred', text);
              this.deferOne(m, rcpts[j] as Rcpt, v);
            }
            // accepted so far are lost too (no DATA happened)
            for (const x of accepted) {
              line(x, dsn, 'deferred', text);
              this.deferOne(m, x, v);
            }
            accepted.length = 0;
            this.throttle(ds, text, dsn, v);
            sessionLost = true;
            break;
          }
        }
        if (accepted.length > 0) {
          const dv = this.policy.data(rd, m, now, rng);
          if (dv === 'ok') {
            const text = R.sentReply(rd.flavor, rng, now, m.msgid, m.size);
            const dsn = rd.flavor === 'microsoft' || rd.flavor === 'exchange' ? '2.6.0' : '2.0.0';
            for (const r of accepted) {
              line(r, dsn, 'sent', text);
              this.finish(m, r, 'sent', false);
            }
          } else if (dv === 'unauth') {
            const sd = m.sender.slice(m.sender.lastIndexOf('@') + 1) || SERVER.fqdn;
            const text = R.gmailUnauthenticated(mx, sd, rng);
            for (const r of accepted) {
              line(r, '5.7.26', 'bounced', text);
              this.finish(m, r, 'bounced', false);
            }
          } else {
            const text = R.lostConnection(mx, 'end of data');
            for (const r of accepted) {
              line(r, '4.4.2', 'deferred', text);
              this.deferOne(m, r, 'lost-eod');
            }
            sessionLost = true;
          }
        }
        if (!sessionLost) {
          ds.cacheUntil = srv.now + 2 * US;
          ds.cacheMx = mx;
        } else {
          ds.cacheUntil = 0;
        }
        srv.smtp.release(agent);
        this.groupDone(m);
      });
    });
  }

  /** Every MX address fails: `connect to …` for all but the last, whose error becomes the status. */
  private connectFailure(m: Msg, rd: RemoteDomain, ds: DestState, rcpts: Rcpt[], why: 'timeout' | 'refused', a: number, b: number): void {
    const srv = this.srv;
    const rng = srv.rng;
    const tries = Math.min(rd.mx.length, 5);
    const per = why === 'timeout' ? 30 : 0.003;
    const agent = srv.smtp.acquire();
    const text = why === 'timeout' ? 'Connection timed out' : 'Connection refused';
    let i = 0;
    const step = (): void => {
      const mx = rd.mx[i] as Mx;
      if (i < tries - 1) {
        srv.emit(agent.tag, L.smtp.connectFailed(mx.host, mx.ip, text));
        i++;
        srv.sim.after(per + rng.range(0, 0.02), step);
        return;
      }
      const delay = (srv.now - m.arrival) / US;
      const c = (srv.now - tStart) / US + (why === 'timeout' ? 0 : 0.001);
      const reason = R.connectFailure(mx, why);
      for (const r of rcpts) {
        srv.emit(agent.tag, L.delivery({ qid: m.qid, to: r.addr, relay: 'none', delay, a, b, c, d: 0, dsn: '4.4.1', status: 'deferred', text: reason }));
        this.deferOne(m, r, why);
      }
      this.throttle(ds, reason, '4.4.1', why);
      srv.smtp.release(agent);
      this.groupDone(m);
    };
    const tStart = srv.now;
    ds.probeUntil = tStart + tries * (per + 0.021) * US;
    srv.sim.after(per + rng.range(0, 0.02), step);
  }

  // ---- administration ----------------------------------------------------------------------------

  /** `postsuper -d QID …`: one `QID: removed` line each, then `Deleted: N messages`. */
  postsuperDelete(qids: string[]): void {
    const srv = this.srv;
    const tag = `postfix/postsuper[${srv.freshPid()}]`;
    let n = 0;
    for (const q of qids) {
      const m = this.alive.get(q);
      if (m === undefined || m.inflight > 0) continue;
      srv.emit(tag, L.postsuper.removed(q));
      srv.truth.postsuperRemoved++;
      this.retire(m);
      n++;
    }
    if (n > 0) srv.emit(tag, L.postsuper.deleted(n));
  }

  /** Queue IDs still in the queue, sorted. */
  stillQueued(filter?: (m: Msg) => boolean): string[] {
    const out: string[] = [];
    for (const m of this.alive.values()) if (filter === undefined || filter(m)) out.push(m.qid);
    return out.sort();
  }
}
