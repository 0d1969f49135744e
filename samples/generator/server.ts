// mail.example.jp as a set of processes: the Linux PID counter, Postfix's per-service process pools
// (max_idle=100s, max_use=100, like master(8)), Dovecot's lmtp processes, and the few long-lived daemons
// (qmgr, pickup, anvil). Also the shared emitter helpers every model part uses.

import { Sim } from './sim.js';
import { LogOut } from './writer.js';
import { Rng, base64 } from './prng.js';
import { Truth } from './truth.js';
import { ctime15, MINUTE, US, unixSeconds } from './clock.js';
import * as L from './lines.js';
import { SERVER } from './world.js';

export interface ServerConfig {
  /** smtpd_sasl_auth_enable on port 25 (the incident server had it on; the fix turned it off). */
  authOnPort25: boolean;
  maximalQueueLifetimeS: number;
  bounceQueueLifetimeS: number;
  minimalBackoffS: number;
  maximalBackoffS: number;
  queueRunDelayS: number;
  /** probability that a new queue file deliberately takes the exact queue ID of a recently removed one */
  qidReuseChance: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  authOnPort25: true,
  maximalQueueLifetimeS: 86400,
  bounceQueueLifetimeS: 86400,
  minimalBackoffS: 300,
  maximalBackoffS: 4000,
  queueRunDelayS: 300,
  qidReuseChance: 0.004,
};

export function configForTruth(cfg: ServerConfig): Record<string, unknown> {
  return {
    myhostname: SERVER.fqdn,
    ip: SERVER.ip,
    'smtpd_sasl_auth_enable (port 25)': cfg.authOnPort25 ? 'yes' : 'no',
    'smtpd_sasl_auth_enable (port 587, submission)': 'yes',
    maximal_queue_lifetime: `${cfg.maximalQueueLifetimeS}s`,
    bounce_queue_lifetime: `${cfg.bounceQueueLifetimeS}s`,
    minimal_backoff_time: `${cfg.minimalBackoffS}s`,
    maximal_backoff_time: `${cfg.maximalBackoffS}s`,
    queue_run_delay: `${cfg.queueRunDelayS}s`,
    virtual_transport: 'lmtp:unix:private/dovecot-lmtp',
    virtual_alias_maps: 'sales@ -> tanaka@, suzuki@; postmaster@, abuse@ -> takahashi@',
    alias_maps: 'root -> takahashi@example.jp',
  };
}

/** Linux hands out increasing PIDs; other processes on the box consume some in between. */
export class Pids {
  constructor(
    private next: number,
    private readonly rng: Rng,
  ) {}

  alloc(): number {
    const gap = this.rng.chance(0.35) ? this.rng.int(1, 9) : this.rng.chance(0.05) ? this.rng.int(10, 80) : 0;
    this.next += 1 + gap;
    if (this.next > 4194300) this.next = 300 + gap;
    return this.next;
  }
}

export interface Proc {
  pid: number;
  tag: string;
  uses: number;
  lastUsed: number;
}

/** A master(8) service: idle processes are reused (LIFO), exit after max_idle idle or max_use clients. */
export class Pool {
  private readonly idle: Proc[] = [];

  constructor(
    private readonly sim: Sim,
    private readonly pids: Pids,
    readonly name: string,
    private readonly maxIdleUs = 100 * US,
    private readonly maxUse = 100,
    private readonly tagStyle: 'postfix' | 'bare' = 'postfix',
  ) {}

  acquire(): Proc {
    const now = this.sim.now;
    while (this.idle.length > 0 && now - (this.idle[0] as Proc).lastUsed > this.maxIdleUs) this.idle.shift();
    const p = this.idle.pop();
    if (p !== undefined) return p;
    const pid = this.pids.alloc();
    return { pid, tag: this.tagStyle === 'postfix' ? `${this.name}[${pid}]` : this.name, uses: 0, lastUsed: now };
  }

  release(p: Proc): void {
    p.uses++;
    p.lastUsed = this.sim.now;
    if (p.uses >= this.maxUse) return;
    this.idle.push(p);
  }

  /** Acquire now and release after `seconds` (a short-lived job such as one delivery). */
  hold(seconds: number): Proc {
    const p = this.acquire();
    this.sim.after(seconds, () => this.release(p));
    return p;
  }
}

interface AnvilWindow {
  maxRate: number;
  rateKey: string;
  rateAt: number;
  maxCount: number;
  countKey: string;
  countAt: number;
  maxCache: number;
  cacheAt: number;
}

export class Server {
  readonly pids: Pids;
  readonly smtpd: Pool;
  readonly submission: Pool;
  readonly cleanup: Pool;
  readonly smtp: Pool;
  readonly lmtp: Pool;
  readonly error: Pool;
  readonly bounce: Pool;
  readonly local: Pool;
  readonly dovecotLmtp: Pool;
  readonly qmgrTag: string;
  readonly qmgrStart: number;
  private pickupTag = '';
  private pickupUntil = 0;
  private anvilTag = '';
  private anvilLast = 0;
  private anvilMinute = -1;
  private readonly anvilMinuteCounts = new Map<string, number>();
  private readonly anvilOpen = new Map<string, number>();
  private anvilWin: AnvilWindow | null = null;
  readonly hostGuid: number[];

  constructor(
    readonly sim: Sim,
    readonly log: LogOut,
    readonly rng: Rng,
    readonly truth: Truth,
    readonly cfg: ServerConfig,
    firstPid: number,
    qmgrStart: number,
  ) {
    this.pids = new Pids(firstPid, rng.fork('pids'));
    this.qmgrTag = `postfix/qmgr[${firstPid - this.rng.int(300, 4000)}]`;
    this.qmgrStart = qmgrStart;
    this.smtpd = new Pool(sim, this.pids, 'postfix/smtpd');
    this.submission = new Pool(sim, this.pids, 'postfix/submission/smtpd');
    this.cleanup = new Pool(sim, this.pids, 'postfix/cleanup');
    this.smtp = new Pool(sim, this.pids, 'postfix/smtp');
    this.lmtp = new Pool(sim, this.pids, 'postfix/lmtp');
    this.error = new Pool(sim, this.pids, 'postfix/error');
    this.bounce = new Pool(sim, this.pids, 'postfix/bounce');
    this.local = new Pool(sim, this.pids, 'postfix/local');
    this.dovecotLmtp = new Pool(sim, this.pids, 'dovecot', 60 * US, 1000, 'bare');
    this.hostGuid = [0x83, 0xec, 0xc3, 0x75];
    this.startAnvilTimer();
  }

  get now(): number {
    return this.sim.now;
  }

  emit(tag: string, msg: string): number {
    return this.log.emit(this.sim.now, tag, msg);
  }

  dovecot(msg: string): number {
    return this.log.emit(this.sim.now, 'dovecot', msg);
  }

  /** A line that is not about mail (CRON, sshd, systemd). */
  ignored(tag: string, msg: string): void {
    this.truth.ignoredLines++;
    this.log.emit(this.sim.now, tag, msg);
  }

  /** pickup(8) is a long-running wakeup service that is replaced after ~100 wakeups (one a minute). */
  pickupProc(): string {
    if (this.pickupTag === '' || this.sim.now >= this.pickupUntil) {
      this.pickupTag = `postfix/pickup[${this.pids.alloc()}]`;
      this.pickupUntil = this.sim.now + this.rng.int(95, 105) * MINUTE;
    }
    return this.pickupTag;
  }

  /** One-shot process (postsuper, CRON, sshd child). */
  freshPid(): number {
    return this.pids.alloc();
  }

  // ---- Dovecot identifiers --------------------------------------------------------------------

  /** login session ID: 48-bit microsecond timestamp, 16-bit remote port, IPv4 — base64 (client-common.c). */
  loginSession(ip: string): string {
    const ts = this.sim.now;
    const bytes: number[] = [];
    let v = ts;
    for (let i = 0; i < 6; i++) {
      bytes.push(v % 256);
      v = Math.floor(v / 256);
    }
    const port = this.rng.int(32768, 60999);
    bytes.push(port & 255, port >> 8);
    for (const part of ip.split('.')) bytes.push(Number(part) & 255);
    return base64(bytes, true);
  }

  /** guid_128: nanoseconds, seconds, pid (little endian) and a host hash — base64 without padding. */
  lmtpGuid(pid: number): string {
    const nsec = (this.sim.now % US) * 1000 + this.rng.int(0, 999);
    const sec = unixSeconds(this.sim.now);
    const bytes = [nsec & 255, (nsec >>> 8) & 255, (nsec >>> 16) & 255, (nsec >>> 24) & 255, sec & 255, (sec >>> 8) & 255, (sec >>> 16) & 255, (sec >>> 24) & 255, pid & 255, (pid >>> 8) & 255, (pid >>> 16) & 255, 0, ...this.hostGuid];
    return base64(bytes, false);
  }

  // ---- anvil(8) statistics -------------------------------------------------------------------------

  anvilConnect(service: string, ip: string): void {
    const key = `${service}:${ip}`;
    const minute = Math.floor(this.sim.now / MINUTE);
    if (minute !== this.anvilMinute) {
      this.anvilMinute = minute;
      this.anvilMinuteCounts.clear();
    }
    const rate = (this.anvilMinuteCounts.get(key) ?? 0) + 1;
    this.anvilMinuteCounts.set(key, rate);
    const open = (this.anvilOpen.get(key) ?? 0) + 1;
    this.anvilOpen.set(key, open);
    if (this.anvilTag === '' || this.sim.now - this.anvilLast > 600 * US) this.anvilTag = `postfix/anvil[${this.pids.alloc()}]`;
    this.anvilLast = this.sim.now;
    const w = (this.anvilWin ??= { maxRate: 0, rateKey: '', rateAt: 0, maxCount: 0, countKey: '', countAt: 0, maxCache: 0, cacheAt: 0 });
    if (rate > w.maxRate) {
      w.maxRate = rate;
      w.rateKey = key;
      w.rateAt = this.sim.now;
    }
    if (open > w.maxCount) {
      w.maxCount = open;
      w.countKey = key;
      w.countAt = this.sim.now;
    }
    const cache = this.anvilMinuteCounts.size;
    if (cache > w.maxCache) {
      w.maxCache = cache;
      w.cacheAt = this.sim.now;
    }
  }

  anvilDisconnect(service: string, ip: string): void {
    const key = `${service}:${ip}`;
    const open = (this.anvilOpen.get(key) ?? 1) - 1;
    if (open <= 0) this.anvilOpen.delete(key);
    else this.anvilOpen.set(key, open);
  }

  private startAnvilTimer(): void {
    const tick = (): void => {
      const w = this.anvilWin;
      if (w !== null) {
        if (w.maxRate > 1) this.emit(this.anvilTag, L.anvil.rate(w.maxRate, w.rateKey.split(':')[0] as string, w.rateKey.slice(w.rateKey.indexOf(':') + 1), ctime15(w.rateAt)));
        if (w.maxCount > 1) this.emit(this.anvilTag, L.anvil.count(w.maxCount, w.countKey.split(':')[0] as string, w.countKey.slice(w.countKey.indexOf(':') + 1), ctime15(w.countAt)));
        if (w.maxCache > 0) this.emit(this.anvilTag, L.anvil.cache(w.maxCache, ctime15(w.cacheAt)));
        this.anvilWin = null;
      }
      this.sim.after(600, tick);
    };
    this.sim.after(this.rng.range(30, 600), tick);
  }
}
