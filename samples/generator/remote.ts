// How the rest of the internet answers our smtp client, as a function of time: the server IP's
// reputation (a spam flood gets it rate-limited by Gmail, TSS04-deferred by Yahoo, S3150-blocked by
// Microsoft, tarpitted by au), outbound port 25 being blocked, remote outages, greylisting, and
// harvested spam addresses that do not exist.

import type { Rng } from './prng.js';
import type { Msg, Rcpt } from './mta.js';
import { SERVER, type RemoteDomain } from './world.js';
import { US } from './clock.js';

export type ConnectVerdict = 'ok' | 'timeout' | 'refused' | 'tss04' | 'greeting-timeout';
export type RcptVerdict = 'ok' | 'unknown' | 'greylist' | 'ratelimit' | 'msblock' | 'lost' | 'full';
export type DataVerdict = 'ok' | 'unauth' | 'lost-eod';

export interface RemotePolicy {
  connect(rd: RemoteDomain, m: Msg, now: number, rng: Rng): ConnectVerdict;
  rcpt(rd: RemoteDomain, m: Msg, r: Rcpt, now: number, rng: Rng): RcptVerdict;
  data(rd: RemoteDomain, m: Msg, now: number, rng: Rng): DataVerdict;
}

export interface Outage {
  domain: string;
  from: number;
  to: number;
  why: 'timeout' | 'refused';
}

export interface PolicyOptions {
  /** 0 = clean IP, 1 = listed everywhere */
  reputation?: (now: number) => number;
  /** egress to port 25 blocked (provider filter, firewall): every connect times out */
  outboundBlocked?: (now: number) => boolean;
  outages?: Outage[];
  /** addresses that do not exist at their (remote) domain */
  invalid?: Set<string>;
  /** how long a greylisting site makes a new triplet wait */
  greylistDelayS?: number;
  /** greylisting domains that already auto-whitelisted our IP (postgrey remembers 35 days) */
  greylistWhitelisted?: string[];
  /** passes after which postgrey auto-whitelists our IP (default 5, like --auto-whitelist-clients) */
  greylistAutoWhitelist?: number;
}

/** Share of harvested spam addresses that no longer exist, by provider. */
const SPAM_UNKNOWN: Partial<Record<RemoteDomain['flavor'], number>> = {
  docomo: 0.3,
  au: 0.25,
  softbank: 0.25,
  gmail: 0.06,
  yahoojp: 0.08,
  yahoo: 0.08,
  microsoft: 0.05,
  icloud: 0.1,
  naver: 0.1,
  mailru: 0.05,
  qq: 0.05,
  netease: 0.08,
};

export class Policy implements RemotePolicy {
  private readonly greySeen = new Map<string, number>();
  private readonly greyPasses = new Map<string, number>();

  constructor(private readonly o: PolicyOptions = {}) {}

  private rep(now: number): number {
    return this.o.reputation === undefined ? 0 : this.o.reputation(now);
  }

  connect(rd: RemoteDomain, _m: Msg, now: number, rng: Rng): ConnectVerdict {
    if (this.o.outboundBlocked !== undefined && this.o.outboundBlocked(now)) return 'timeout';
    for (const o of this.o.outages ?? []) if (o.domain === rd.domain && now >= o.from && now < o.to) return o.why;
    const r = this.rep(now);
    switch (rd.flavor) {
      case 'yahoojp':
      case 'yahoo':
        if (r > 0.15 && rng.chance(Math.min(0.95, r * 1.05))) return 'tss04';
        break;
      case 'au':
        if (r > 0.3 && rng.chance(r * 0.7)) return 'greeting-timeout';
        break;
      case 'qq':
      case 'netease':
        if (r > 0.2 && rng.chance(0.8)) return rng.chance(0.55) ? 'timeout' : 'refused';
        break;
      default:
        break;
    }
    return 'ok';
  }

  rcpt(rd: RemoteDomain, m: Msg, r: Rcpt, now: number, rng: Rng): RcptVerdict {
    if (this.o.invalid !== undefined && this.o.invalid.has(r.addr)) return 'unknown';
    if (m.spam && rng.chance(SPAM_UNKNOWN[rd.flavor] ?? 0)) return 'unknown';
    if (rd.greylist === true && !(this.o.greylistWhitelisted ?? []).includes(rd.domain) && (this.greyPasses.get(rd.domain) ?? 0) < (this.o.greylistAutoWhitelist ?? 5)) {
      // postgrey: a new (client, sender, recipient) triplet waits greylistDelayS; after 5 passes the client is auto-whitelisted
      const key = `${m.sender}|${r.addr}`;
      const first = this.greySeen.get(key);
      if (first === undefined) {
        if (this.greySeen.size > 200_000) this.pruneGrey(now);
        this.greySeen.set(key, now);
        return 'greylist';
      }
      if (now - first < (this.o.greylistDelayS ?? 300) * US) return 'greylist';
      this.greyPasses.set(rd.domain, (this.greyPasses.get(rd.domain) ?? 0) + 1);
    }
    const rep = this.rep(now);
    switch (rd.flavor) {
      case 'gmail':
        // rate limiting: usually a 421-4.7.28 reply, sometimes Gmail just drops the connection
        if (rep > 0.15 && rng.chance(m.spam ? rep * 0.7 : rep * 0.4)) return rng.chance(0.6) ? 'ratelimit' : 'lost';
        break;
      case 'microsoft':
      case 'exchange':
        if (rep > 0.3 && rng.chance(Math.min(0.95, rep))) return 'msblock';
        break;
      case 'naver':
        if (m.spam && rng.chance(0.05)) return 'lost';
        break;
      default:
        break;
    }
    if (!m.spam && rng.chance(0.002)) return 'full';
    return 'ok';
  }

  private pruneGrey(now: number): void {
    for (const [k, t] of this.greySeen) if (now - t > 86400 * US) this.greySeen.delete(k);
  }

  data(rd: RemoteDomain, m: Msg, _now: number, rng: Rng): DataVerdict {
    if (rd.flavor === 'gmail' && m.spam) {
      const dom = m.sender.slice(m.sender.lastIndexOf('@') + 1);
      if (dom !== SERVER.domain && rng.chance(0.85)) return 'unauth';
    }
    if (rd.flavor === 'naver' && m.spam && rng.chance(0.04)) return 'lost-eod';
    return 'ok';
  }
}

/**
 * Sender reputation as "heat": every spam recipient we push out adds heat, which decays with a
 * half-life; value() maps heat to 0..1 (how hard the big providers push back).
 */
export class Heat {
  private heat = 0;
  private at = 0;

  constructor(
    private readonly halfLifeS: number,
    private readonly scale: number,
    initial = 0,
    initialAt = 0,
  ) {
    this.heat = initial;
    this.at = initialAt;
  }

  private decay(now: number): void {
    if (now > this.at) {
      this.heat *= Math.pow(0.5, (now - this.at) / US / this.halfLifeS);
      this.at = now;
    }
  }

  add(now: number, amount: number): void {
    this.decay(now);
    this.heat += amount;
  }

  value(now: number): number {
    this.decay(now);
    return 1 - Math.exp(-this.heat / this.scale);
  }
}
