// Big incident-like logs for the benchmark, streamed: thousands of brute-force IPs, a guessed account,
// a spam flood whose rate is steered so the file reaches about the requested size by the end of the
// requested days, and deferred mail retried for days. Memory stays bounded: removed messages are
// dropped, only the live queue is kept.

import { Sim } from './sim.js';
import { Rng } from './prng.js';
import { LogOut, StreamSink, setMtime } from './writer.js';
import { Truth } from './truth.js';
import { DAY, HOUR, MINUTE, US, isoLocal, jst } from './clock.js';
import { DEFAULT_CONFIG, Server, configForTruth } from './server.js';
import { Mta, type Msg } from './mta.js';
import { Heat, Policy } from './remote.js';
import * as A from './actors.js';
import * as S from './sessions.js';
import { SERVER, botIps } from './world.js';
import * as fs from 'node:fs';

export interface BigOptions {
  sizeBytes: number;
  out: string;
  seed: string;
  days: number;
  gzip: boolean;
  truthPath?: string | undefined;
  format: 'classic' | 'rfc3339';
}

export interface BigResult {
  bytes: number;
  lines: number;
  seconds: number;
  stillQueued: number;
  peakQueue: number;
}

export async function runBig(o: BigOptions): Promise<BigResult> {
  const t0 = process.hrtime.bigint();
  const end = jst(2026, 11, 28, 9, 30, 0);
  const start = end - Math.round(o.days * DAY);
  const rng = new Rng(`big/${o.seed}`);
  const sink = new StreamSink(o.out, o.format, o.gzip);
  const sim = new Sim(start);
  const truth = new Truth();
  const log = new LogOut([sink], rng.fork('log'));
  const heat = new Heat(6 * 3600, 400);
  const span = end - start;
  // the hosting provider answers the abuse reports by blocking outbound port 25 (OP25B) for the rest of the log
  const blockedFrom = start + Math.round(span * 0.45);
  const policy = new Policy({ reputation: (t) => heat.value(t), outboundBlocked: (t) => t >= blockedFrom });
  const cfg = { ...DEFAULT_CONFIG, qidReuseChance: 0.0005, maximalQueueLifetimeS: 5 * 86400, bounceQueueLifetimeS: 5 * 86400 };
  const srv = new Server(sim, log, rng.fork('server'), truth, cfg, rng.int(20000, 90000), start - 9 * DAY - rng.int(0, 86399) * US);
  const mta = new Mta(srv, policy, 0x2a0000 + rng.int(0, 0xfff) * 16);
  const login = `info@${SERVER.domain}`;
  const scale = o.sizeBytes / 1.5e9;

  // everyday traffic (a bigger office than the samples; thinned for small targets over many days)
  const office = Math.min(1, (o.sizeBytes / 3e8) * (5 / o.days));
  A.normalTraffic(srv, mta, rng, { start, end: end - 15 * MINUTE, inboundPerDay: 600 * office, outboundPerDay: 350 * office, imapPerDay: 400 * office, unknownRcptRate: 0.02 });
  A.systemNoise(srv, mta, rng, start, end, 40 * office);
  A.webForm(srv, mta, rng, start, end - 15 * MINUTE, 30 * office);

  // brute force from thousands of IPs: about 40 % of the lines
  const taken = new Set<string>();
  const hammerIps = botIps(rng.fork('hammer'), Math.max(5, Math.round(80 * Math.sqrt(scale))), taken);
  const sprinkleIps = botIps(rng.fork('sprinkle'), Math.max(200, Math.round(6000 * scale)), taken);
  const bruteSessionsPerHour = (0.4 * (o.sizeBytes / 175)) / 4.9 / (span / HOUR);
  A.bruteStream(srv, rng, { start, end, perHour: bruteSessionsPerHour, hammerIps, sprinkleIps, hammerShare: 0.6, dovecotShare: 0.3 });
  const days = Math.max(1, Math.ceil(o.days));
  for (let d = 0; d < days; d++) {
    const ds = start + d * DAY;
    const de = Math.min(end, ds + DAY);
    if (de - ds < HOUR) continue;
    A.bruteForce(srv, rng.fork(`bf-${d}`), { start: ds, end: de, hammerers: 0, hammerAttempts: [1, 1], sprinkle: 0, port25Share: 0.6, dovecotIps: 0, dovecotAttempts: [1, 1], garbageBots: 2, abortBots: 5, taken });
    A.relayProbes(srv, rng.fork(`rp-${d}`), ds, de, Math.max(5, Math.round(150 * scale)), taken);
  }

  // the compromise
  const g = rng.fork('guesser');
  const successAt = start + Math.round(span * 0.12);
  const winner = botIps(g, 1, taken)[0] as string;
  sim.at(Math.max(start + 17 * US + g.int(0, 999_999), successAt - 3 * HOUR), () =>
    sim.spawn(
      (function* (): Generator<number, void, void> {
        while (srv.now < successAt - 5 * MINUTE) {
          yield* S.bruteSmtpSession(srv, g, winner, { port: 587, names: [login], method: 'LOGIN', tls: true, end: 'quit' });
          yield g.range(30, 120);
        }
      })(),
    ),
  );
  sim.at(successAt, () => sim.spawn(S.successfulGuessSession(srv, g, winner, 587, () => (truth.compromiseAt = srv.now))));

  // the spam flood, steered towards the size target
  const spamIps = botIps(rng.fork('spam-ips'), Math.max(40, Math.round(900 * scale)), taken);
  const spamStart = successAt + 2 * HOUR;
  let rate = 0; // spam sessions per hour, set hourly by steer()
  const onMessage = (m: Msg): void => {
    truth.spamMessages++;
    truth.spamRecipients += m.nrcpt;
    if (!m.sender.endsWith(`@${SERVER.domain}`)) truth.spamForgedSenderMessages++;
    if (m.clientIp !== null) truth.spamClientIps.add(m.clientIp);
    if (truth.firstSpamAt < 0) truth.firstSpamAt = m.arrival;
    heat.add(srv.now, m.nrcpt);
  };
  const sr = rng.fork('spam');
  const spawnSpam = (): void => {
    const r = sr;
    sim.spawn(
      S.spamSession(srv, mta, r, r.pick(spamIps), {
        port: r.chance(0.35) ? 25 : 587,
        tls: r.chance(0.5),
        login,
        method: r.chance(0.6) ? 'LOGIN' : 'PLAIN',
        messages: r.int(1, 6),
        rcpts: [8, 30],
        forgedShare: 0.75,
        onMessage,
      }),
    );
  };
  const spamEnd = end - 30 * MINUTE;
  // Steering: every hour, estimate what is already committed (bytes written, the steady brute-force and
  // office traffic, and the retries the live queue will produce until the end), then spread the rest over
  // the remaining hours. A spam session costs its first delivery pass plus one retry pass per ~4000 s.
  const c0 = 21_000;
  const cr = 12_500;
  let baseRate = 0;
  const retryBytesPerHour = (): number => {
    let sum = 0;
    for (const m of mta.alive.values()) {
      const age = (srv.now - m.arrival) / US;
      const backoff = Math.min(cfg.maximalBackoffS, Math.max(cfg.minimalBackoffS, age));
      sum += (120 + m.pending * 260) * (3600 / backoff);
    }
    return sum;
  };
  const steer = (): void => {
    const hoursLeft = Math.max(0.5, (spamEnd - srv.now) / HOUR);
    const committed = sink.classicBytes + (baseRate + retryBytesPerHour()) * hoursLeft;
    const room = Math.max(0, o.sizeBytes - committed);
    rate = room / (c0 * hoursLeft + (cr * hoursLeft * hoursLeft) / 2);
  };
  const schedule = (from: number): void => {
    let t = from;
    const hourEnd = Math.min(from + HOUR, spamEnd);
    if (rate > 0.01) {
      for (;;) {
        t += sr.exp((3600 / rate) * US);
        if (t >= hourEnd) break;
        sim.at(t, spawnSpam);
      }
    }
    if (hourEnd >= spamEnd) return;
    sim.at(hourEnd, () => {
      steer();
      schedule(hourEnd);
    });
  };
  sim.at(spamStart, () => {
    baseRate = sink.classicBytes / Math.max(1, (srv.now - start) / HOUR);
    steer();
    schedule(spamStart);
  });

  let peakQueue = 0;
  const stop = (): boolean => sink.needsFlush() || sink.classicBytes >= o.sizeBytes;
  for (;;) {
    const done = sim.run(end, stop);
    if (mta.alive.size > peakQueue) peakQueue = mta.alive.size;
    await sink.flush();
    if (done || sink.classicBytes >= o.sizeBytes) break;
  }
  await sink.close();
  const lastT = sink.lastT;
  setMtime(o.out, lastT + 5 * US);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (o.truthPath !== undefined) {
    const json = truth.toJSON({
      scenario: 'big',
      description: `Incident-like benchmark log (${o.days} days, seed ${o.seed}).`,
      files: [{ name: o.out, format: o.format, lines: sink.lines, bytes: sink.bytes }],
      firstLineAt: log.firstT,
      lastLineAt: lastT,
      lines: log.lines,
      stillQueuedIds: mta.stillQueued(),
      reusedQueueIds: mta.reusedQids,
      spamStillQueuedIds: mta.stillQueued((m) => m.spam),
      legitStillQueuedIds: mta.stillQueued((m) => !m.spam),
      compromisedUser: login,
      attackerIps: [winner, ...spamIps.filter((ip) => truth.messagesByClientIp.has(ip))],
      serverConfig: configForTruth(cfg),
      story: { compromiseAt: isoLocal(successAt), guesserIp: winner, spamStart: isoLocal(spamStart), outboundPort25BlockedFrom: isoLocal(blockedFrom), endedEarlyBySizeCap: lastT < end - HOUR },
    });
    fs.writeFileSync(o.truthPath, JSON.stringify(json, null, 2) + '\n');
  }
  return { bytes: sink.bytes, lines: sink.lines, seconds, stillQueued: mta.alive.size, peakQueue };
}
