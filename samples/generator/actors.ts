// Traffic over time: non-homogeneous Poisson arrivals (thinning) of the sessions in sessions.ts with
// office-hour curves — normal mail, IMAP/POP3 polling, cron and ssh noise, the web form, SASL brute
// force (a few hammering IPs plus a wide botnet), Dovecot brute force and relay probes.

import type { Server } from './server.js';
import type { Mta } from './mta.js';
import { Rng } from './prng.js';
import { HOUR, MINUTE, US, localHour, localParts } from './clock.js';
import * as S from './sessions.js';
import * as L from './lines.js';
import { BRUTE_NAMES, CORRESPONDENTS, INBOUND_SERVERS, PROFILES, SERVER, botHelo, botIps, bruteUsername, harvestedLocal, type InboundServer, type User } from './world.js';

export type RateFn = (tUs: number) => number;

/** Calls fire(t) at Poisson arrival times with rate(t) per hour (<= maxPerHour), lazily chained. */
export function arrivals(srv: Server, rng: Rng, start: number, end: number, rate: RateFn, maxPerHour: number, fire: (t: number) => void): void {
  if (maxPerHour <= 0) return;
  const meanGap = (3600 / maxPerHour) * US;
  const next = (from: number): void => {
    let t = from;
    for (;;) {
      t += rng.exp(meanGap);
      if (t >= end) return;
      if (rng.float() * maxPerHour < rate(t)) {
        srv.sim.at(t, () => {
          fire(t);
          next(t);
        });
        return;
      }
    }
  };
  next(start);
}

/** Office activity 0..1: weekdays 9-18 busy, evenings and weekends quiet. */
export function office(tUs: number): number {
  const h = localHour(tUs);
  const wd = localParts(tUs).weekday;
  let w: number;
  if (h >= 9 && h < 18) w = h >= 12 && h < 13 ? 0.6 : 1;
  else if ((h >= 8 && h < 9) || (h >= 18 && h < 20)) w = 0.5;
  else if ((h >= 7 && h < 8) || (h >= 20 && h < 23)) w = 0.2;
  else w = 0.05;
  return wd === 0 || wd === 6 ? w * 0.25 : w;
}

/** Daily integral of office() on a weekday, in hours (to turn "per day" into "per hour"). */
const OFFICE_HOURS = 9 - 0.4 + 1.5 + 0.2 * 4 + 0.05 * 8;

export interface NormalTrafficOptions {
  start: number;
  end: number;
  inboundPerDay: number;
  outboundPerDay: number;
  imapPerDay: number;
  unknownRcptRate: number;
  /** times (us) at which a user mistypes the SMTP password once */
  smtpMistypes?: number[];
  /** times (us) at which a user mistypes the IMAP password once */
  imapMistypes?: number[];
  /** users who never send (e.g. info after a password change) */
  quietUsers?: User[];
}

function userIp(rng: Rng, user: User, t: number): string {
  const p = PROFILES.find((x) => x.user === user)!;
  const h = localHour(t);
  const wd = localParts(t).weekday;
  if (wd !== 0 && wd !== 6 && h >= 8 && h < 19.5) return rng.chance(0.9) ? p.office : p.mobile;
  return rng.chance(0.7) ? p.home : p.mobile;
}

export function inboundServer(rng: Rng): InboundServer {
  return rng.weighted(INBOUND_SERVERS.map((s) => [s, s.weight] as const));
}

/** Mail in from outside servers, mail out from our users, IMAP/POP3 polling. */
export function normalTraffic(srv: Server, mta: Mta, rng0: Rng, o: NormalTrafficOptions): void {
  const rng = rng0.fork('normal');
  const stopNew = o.end - 10 * MINUTE;
  arrivals(srv, rng.fork('in'), o.start, stopNew, (t) => (o.inboundPerDay * office(t)) / OFFICE_HOURS + o.inboundPerDay / 400, o.inboundPerDay / OFFICE_HOURS + 1, () => {
    const r = rng.fork(`in-${srv.now}`);
    srv.sim.spawn(S.inboundSession(srv, mta, r, inboundServer(r), o.unknownRcptRate));
  });
  const senders = PROFILES.filter((p) => !(o.quietUsers ?? []).includes(p.user));
  const totalW = senders.reduce((s, p) => s + p.sendWeight, 0);
  arrivals(srv, rng.fork('out'), o.start, stopNew, (t) => (o.outboundPerDay * office(t)) / OFFICE_HOURS, o.outboundPerDay / OFFICE_HOURS + 1, (t) => {
    const r = rng.fork(`out-${t}`);
    const user = r.weighted(senders.map((p) => [p.user, p.sendWeight / totalW] as const));
    srv.sim.spawn(S.submissionSession(srv, mta, r, user, userIp(r, user, t), { messages: r.chance(0.85) ? 1 : 2 }));
  });
  arrivals(srv, rng.fork('imap'), o.start, stopNew, (t) => (o.imapPerDay * office(t)) / OFFICE_HOURS + o.imapPerDay / 300, o.imapPerDay / OFFICE_HOURS + 1, (t) => {
    const r = rng.fork(`imap-${t}`);
    const p = r.pick(PROFILES);
    if (p.pop3) srv.sim.spawn(S.pop3Session(srv, r, p.user, userIp(r, p.user, t)));
    else srv.sim.spawn(S.imapSession(srv, r, p.user, p.user === 'info' ? p.office : userIp(r, p.user, t), r.chance(0.7) ? r.range(2, 40) : r.range(60, 900)));
  });
  for (const t of o.smtpMistypes ?? []) {
    srv.sim.at(t, () => {
      const r = rng.fork(`mistype-${t}`);
      const user = r.pick(['suzuki', 'sato', 'tanaka'] as const);
      srv.sim.spawn(S.submissionSession(srv, mta, r, user, userIp(r, user, t), { messages: 1, mistype: true }));
    });
  }
  for (const t of o.imapMistypes ?? []) {
    srv.sim.at(t, () => {
      const r = rng.fork(`imapmistype-${t}`);
      const user = r.pick(['yamada', 'takahashi'] as const);
      srv.sim.spawn(S.imapSession(srv, r, user, userIp(r, user, t), r.range(5, 60), true));
    });
  }
}

/** A user sending one message at a fixed time (scripted story beats). */
export function scriptedSend(srv: Server, mta: Mta, rng: Rng, t: number, user: User, recipients: string[], mistype = false): void {
  srv.sim.at(t, () => {
    const r = rng.fork(`scripted-${t}`);
    srv.sim.spawn(S.submissionSession(srv, mta, r, user, userIp(r, user, t), { messages: 1, recipients, mistype }));
  });
}

/** Non-mail lines (CRON, sshd) and the daily cron mail to root through pickup. */
export function systemNoise(srv: Server, mta: Mta, rng0: Rng, start: number, end: number, sshPerDay = 6): void {
  const rng = rng0.fork('noise');
  // hourly cron at :17
  let t = Math.ceil((start - 17 * MINUTE) / HOUR) * HOUR + 17 * MINUTE + rng.range(1.0, 1.2) * US;
  for (; t < end; t += HOUR) {
    const at = t;
    srv.sim.at(at, () => srv.ignored(`CRON[${srv.freshPid()}]`, L.other.cron('   cd / && run-parts --report /etc/cron.hourly')));
  }
  // daily jobs at 06:25 — output mailed to root (pickup uid=0, local forward to takahashi)
  const dayStart = Math.floor((start + 9 * HOUR) / (24 * HOUR)) * 24 * HOUR - 9 * HOUR;
  for (let d = dayStart; d < end; d += 24 * HOUR) {
    const at = d + 6 * HOUR + 25 * MINUTE + rng.range(1.0, 1.2) * US;
    if (at < start || at >= end - 10 * MINUTE) continue;
    srv.sim.at(at, () => {
      srv.ignored(`CRON[${srv.freshPid()}]`, L.other.cron('test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }'));
      srv.sim.after(rng.range(40, 90), () => mta.pickup(0, 'root', ['root'], rng.int(1800, 6000)));
    });
  }
  // ssh scanners and an admin login now and then
  arrivals(srv, rng.fork('ssh'), start, end - 10 * MINUTE, () => sshPerDay / 24, sshPerDay / 24, () => {
    const r = rng.fork(`ssh-${srv.now}`);
    const ip = botIps(r, 1)[0] as string;
    const user = r.pick(['admin', 'ubuntu', 'test', 'oracle', 'user', 'git', 'postgres']);
    const port = r.int(32768, 65000);
    const pid = srv.freshPid();
    srv.ignored(`sshd[${pid}]`, `Invalid user ${user} from ${ip} port ${port}`);
    srv.sim.after(r.range(1, 3), () => srv.ignored(`sshd[${pid}]`, `Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`));
  });
  const adminAt = start + (end - start) * rng.range(0.3, 0.6);
  srv.sim.at(adminAt, () => {
    const pid = srv.freshPid();
    srv.ignored(`sshd[${pid}]`, 'Accepted publickey for takahashi from 198.51.100.7 port 50522 ssh2: ED25519 SHA256:3rZq0mH1c9V7yX2bQ8kLwJ5sN4tP6uR0eA1dF9gH2iK');
    srv.ignored(`sshd[${pid}]`, 'pam_unix(sshd:session): session opened for user takahashi(uid=1000) by (uid=0)');
    srv.sim.after(rng.range(300, 1500), () => srv.ignored(`sshd[${pid}]`, 'pam_unix(sshd:session): session closed for user takahashi'));
  });
}

/** The contact form on the web site: PHP mail() via sendmail -> pickup uid=33. */
export function webForm(srv: Server, mta: Mta, rng0: Rng, start: number, end: number, perDay: number): void {
  const rng = rng0.fork('web');
  arrivals(srv, rng, start, end - 10 * MINUTE, (t) => (perDay * (0.3 + office(t))) / (OFFICE_HOURS + 7.2), perDay / 8 + 1, () => {
    const r = rng.fork(`web-${srv.now}`);
    // notification to info@, auto-reply to the visitor
    const visitor = r.chance(0.5) ? r.pick(CORRESPONDENTS) : `${harvestedLocal(r)}@${r.pick(['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com'])}`;
    mta.pickup(33, 'www-data', [`info@${SERVER.domain}`], r.int(900, 2500));
    srv.sim.after(r.range(0.05, 0.3), () => mta.pickup(33, 'www-data', [visitor], r.int(1200, 3000)));
  });
}

export interface BruteForceOptions {
  start: number;
  end: number;
  /** IPs that try hundreds of times */
  hammerers: number;
  hammerAttempts: [number, number];
  /** botnet IPs with 1-3 tries each */
  sprinkle: number;
  /** share of SMTP attempts on port 25 (rest 587) */
  port25Share: number;
  /** IPs doing IMAP/POP3 guessing */
  dovecotIps: number;
  dovecotAttempts: [number, number];
  garbageBots?: number;
  abortBots?: number;
  taken?: Set<string>;
  /** restrict names (e.g. after-fix bots still trying info@) */
  names?: string[];
  /** use these IPs for the 1-3-tries group instead of fresh random ones */
  sprinkleIps?: string[];
}

/** SASL brute force on 25/587 and Dovecot guessing; returns the IPs used. */
export function bruteForce(srv: Server, rng0: Rng, o: BruteForceOptions): string[] {
  const rng = rng0.fork(`brute-${o.start}`);
  const taken = o.taken ?? new Set<string>();
  const ips: string[] = [];
  const span = o.end - o.start - 15 * MINUTE;
  const pickName = (r: Rng): string => (o.names !== undefined ? r.pick(o.names) : bruteUsername(r));

  for (const ip of botIps(rng, o.hammerers, taken)) {
    ips.push(ip);
    const r = rng.fork(`hammer-${ip}`);
    let left = r.int(o.hammerAttempts[0], o.hammerAttempts[1]);
    const port: 25 | 587 = r.chance(o.port25Share) ? 25 : 587;
    const method = r.chance(0.7) ? 'LOGIN' : 'PLAIN';
    const tls = port === 587 && r.chance(0.6);
    // dictionary walk, sometimes stuck on one account
    const dict = r.shuffle(BRUTE_NAMES.slice());
    let di = 0;
    const gap = r.range(4, 40);
    const t = o.start + r.float() * span * 0.6;
    const script = function* (): Generator<number, void, void> {
      while (left > 0) {
        const k = Math.min(left, r.int(1, 3));
        left -= k;
        const names: string[] = [];
        for (let i = 0; i < k; i++) {
          const base = o.names !== undefined ? r.pick(o.names) : (dict[di++ % dict.length] as string);
          names.push(o.names === undefined && r.chance(0.5) ? `${base}@${SERVER.domain}` : base);
        }
        yield* S.bruteSmtpSession(srv, r, ip, { port, names, method, tls, end: r.chance(0.4) ? 'lost' : 'quit' });
        yield r.exp(gap);
        if (srv.now > o.end - 12 * MINUTE) return;
      }
    };
    srv.sim.at(t, () => srv.sim.spawn(script()));
  }

  for (const ip of o.sprinkleIps ?? botIps(rng, o.sprinkle, taken)) {
    ips.push(ip);
    const r = rng.fork(`sprinkle-${ip}`);
    const tries = r.weighted([
      [1, 50],
      [2, 30],
      [3, 20],
    ] as const);
    const port: 25 | 587 = r.chance(o.port25Share) ? 25 : 587;
    const names: string[] = [];
    for (let i = 0; i < tries; i++) names.push(pickName(r));
    // split tries over one or two connections
    const first = tries > 1 && r.chance(0.4) ? names.slice(0, 1) : names;
    const second = first === names ? [] : names.slice(1);
    const t = o.start + r.float() * span;
    const method = r.chance(0.6) ? 'LOGIN' : 'PLAIN';
    srv.sim.at(t, () => srv.sim.spawn(S.bruteSmtpSession(srv, r, ip, { port, names: first, method, tls: port === 587 && r.chance(0.5), end: r.chance(0.5) ? 'lost' : 'quit' })));
    if (second.length > 0) srv.sim.at(t + r.range(20, 900) * US, () => srv.sim.spawn(S.bruteSmtpSession(srv, r, ip, { port, names: second, method, tls: false, end: 'quit' })));
  }

  for (const ip of botIps(rng, o.dovecotIps, taken)) {
    ips.push(ip);
    const r = rng.fork(`dovecot-${ip}`);
    let left = r.int(o.dovecotAttempts[0], o.dovecotAttempts[1]);
    const svc = r.chance(0.65) ? 'imap' : 'pop3';
    const tls = r.chance(0.4);
    const t = o.start + r.float() * span * 0.8;
    const script = function* (): Generator<number, void, void> {
      while (left > 0) {
        const k = Math.min(left, r.int(1, 3));
        left -= k;
        const names: string[] = [];
        for (let i = 0; i < k; i++) names.push(pickName(r));
        yield* S.dovecotBruteSession(srv, r, ip, { svc, names, tls });
        yield r.exp(r.range(10, 120));
        if (srv.now > o.end - 12 * MINUTE) return;
      }
    };
    srv.sim.at(t, () => srv.sim.spawn(script()));
  }

  for (const ip of botIps(rng, o.garbageBots ?? 0, taken)) {
    ips.push(ip);
    const r = rng.fork(`garbage-${ip}`);
    const t = o.start + r.float() * span;
    srv.sim.at(t, () => srv.sim.spawn(S.garbageAuthSession(srv, r, ip, 20)));
  }
  for (const ip of botIps(rng, o.abortBots ?? 0, taken)) {
    ips.push(ip);
    const r = rng.fork(`abort-${ip}`);
    const t = o.start + r.float() * span;
    srv.sim.at(t, () => srv.sim.spawn(S.abortedAuthSession(srv, r, ip)));
  }
  return ips;
}

/** Open-relay probes: count sessions spread over [start, end). */
export function relayProbes(srv: Server, rng0: Rng, start: number, end: number, count: number, taken?: Set<string>): void {
  const rng = rng0.fork(`relay-${start}`);
  const ips = botIps(rng, Math.max(1, Math.ceil(count * 0.7)), taken ?? new Set());
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`probe-${i}`);
    const ip = r.pick(ips);
    const t = start + r.float() * (end - start - 15 * MINUTE);
    const to = r.chance(0.5) ? [`probe.${r.int(1, 99)}@${r.pick(['yahoo.co.jp', 'gmail.com', 'mail.ru'])}`] : ['open.relay.test@mail.ru'];
    if (r.chance(0.15)) to.push(`relaytest${r.int(1, 999)}@${r.pick(['gmail.com', 'qq.com'])}`);
    const from = r.pick([`test@${SERVER.domain}`, `admin@${SERVER.domain}`, 'spameri@tiscali.it', `${harvestedLocal(r)}@gmail.com`]);
    srv.sim.at(t, () => srv.sim.spawn(S.relayProbeSession(srv, r, ip, botHelo(r, ip), from, to)));
  }
}

export interface BruteStreamOptions {
  start: number;
  end: number;
  /** SMTP + Dovecot guessing sessions per hour */
  perHour: number;
  /** heavy hitters: get most sessions */
  hammerIps: string[];
  /** the wide botnet: one or two sessions each */
  sprinkleIps: string[];
  hammerShare: number;
  dovecotShare: number;
}

/** A continuous stream of guessing sessions (big logs): cheap to schedule, no per-IP state. */
export function bruteStream(srv: Server, rng0: Rng, o: BruteStreamOptions): void {
  const rng = rng0.fork(`bstream-${o.start}`);
  arrivals(srv, rng, o.start, o.end - 12 * MINUTE, () => o.perHour, o.perHour, () => {
    const r = rng;
    const ip = r.chance(o.hammerShare) ? r.pick(o.hammerIps) : r.pick(o.sprinkleIps);
    const k = r.weighted([
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const);
    const names: string[] = [];
    for (let i = 0; i < k; i++) names.push(bruteUsername(r));
    if (r.chance(o.dovecotShare)) {
      srv.sim.spawn(S.dovecotBruteSession(srv, r, ip, { svc: r.chance(0.65) ? 'imap' : 'pop3', names, tls: r.chance(0.4) }));
      return;
    }
    const port: 25 | 587 = r.chance(0.6) ? 25 : 587;
    srv.sim.spawn(S.bruteSmtpSession(srv, r, ip, { port, names, method: r.chance(0.65) ? 'LOGIN' : 'PLAIN', tls: port === 587 && r.chance(0.5), end: r.chance(0.45) ? 'lost' : 'quit' }));
  });
}
