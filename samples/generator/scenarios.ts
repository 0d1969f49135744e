// The small committed scenarios: healthy, bruteforce, incident (+ RFC 3339 twin), deferred-flood,
// after-fix, and a rotated set (gzip and plain). Each is one deterministic run of the model; the truth
// file is filled by the model while it writes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sim } from './sim.js';
import { Rng } from './prng.js';
import { LogOut, MemorySink, RoutedSink, gzipText, writeFileAt, type LineSink } from './writer.js';
import { Truth } from './truth.js';
import { DAY, HOUR, MINUTE, US, isoLocal, jst } from './clock.js';
import { DEFAULT_CONFIG, Server, configForTruth, type ServerConfig } from './server.js';
import { Mta, type Msg } from './mta.js';
import { Heat, Policy } from './remote.js';
import * as A from './actors.js';
import * as S from './sessions.js';
import { SERVER, botIps, type User } from './world.js';

export interface Harness {
  rng: Rng;
  sim: Sim;
  log: LogOut;
  truth: Truth;
  srv: Server;
  mta: Mta;
  cfg: ServerConfig;
}

export function makeHarness(seed: string, start: number, cfgPatch: Partial<ServerConfig>, policy: Policy, sinks: LineSink[]): Harness {
  const rng = new Rng(seed);
  const cfg: ServerConfig = { ...DEFAULT_CONFIG, ...cfgPatch };
  const sim = new Sim(start);
  const truth = new Truth();
  const log = new LogOut(sinks, rng.fork('log'));
  const qmgrStart = start - rng.int(2, 20) * DAY - rng.int(0, 86399) * US;
  const srv = new Server(sim, log, rng.fork('server'), truth, cfg, rng.int(20000, 90000), qmgrStart);
  const mta = new Mta(srv, policy, 0x160000 + rng.int(0, 0xfff) * 16);
  return { rng, sim, log, truth, srv, mta, cfg };
}

interface FileInfo {
  name: string;
  format: string;
  lines: number;
  firstLineAt: string | null;
  lastLineAt: string | null;
}

function fileInfo(name: string, format: string, sink: MemorySink): FileInfo {
  return {
    name,
    format,
    lines: sink.lines,
    firstLineAt: sink.firstT >= 0 ? isoLocal(sink.firstT) : null,
    lastLineAt: sink.lastT >= 0 ? isoLocal(sink.lastT) : null,
  };
}

function writeJson(file: string, obj: unknown, mtimeUs: number): void {
  writeFileAt(file, JSON.stringify(obj, null, 2) + '\n', mtimeUs);
}

/** A few seconds after the last line: the analyzer infers the year of classic stamps from the mtime. */
function mtimeAfter(h: Harness, lastT: number, salt: string): number {
  return lastT + h.rng.fork(`mtime-${salt}`).int(2, 9) * US;
}

/** Shared ending: sort out what is still queued and write the log + truth. */
function finishSimple(h: Harness, outDir: string, name: string, description: string, sink: MemorySink, extra: Partial<Parameters<Truth['toJSON']>[0]> = {}): void {
  const logPath = path.join(outDir, `${name}.log`);
  const mtime = mtimeAfter(h, sink.lastT, name);
  writeFileAt(logPath, sink.text(), mtime);
  const truth = h.truth.toJSON({
    scenario: name,
    description,
    files: [fileInfo(`${name}.log`, 'classic', sink)],
    firstLineAt: sink.firstT,
    lastLineAt: sink.lastT,
    lines: h.log.lines,
    stillQueuedIds: h.mta.stillQueued(),
    reusedQueueIds: h.mta.reusedQids,
    serverConfig: configForTruth(h.cfg),
    ...extra,
  });
  writeJson(path.join(outDir, `${name}.truth.json`), truth, mtime);
}

// ---- 1. healthy ------------------------------------------------------------------------------------

export function healthy(outDir: string): void {
  const start = jst(2026, 11, 10, 0, 0, 0);
  const end = jst(2026, 11, 11, 0, 0, 0);
  const policy = new Policy({ invalid: new Set(['itoh@client-a.co.jp']), greylistWhitelisted: ['partner.co.jp'] });
  const sink = new MemorySink('classic');
  const h = makeHarness('healthy', start, {}, policy, [sink]);
  A.normalTraffic(h.srv, h.mta, h.rng, {
    start,
    end: end - 30 * MINUTE,
    inboundPerDay: 95,
    outboundPerDay: 55,
    imapPerDay: 70,
    unknownRcptRate: 0.02,
    smtpMistypes: [jst(2026, 11, 10, 10, 42, 13)],
  });
  A.scriptedSend(h.srv, h.mta, h.rng, jst(2026, 11, 10, 14, 21, 40), 'suzuki', ['itoh@client-a.co.jp', 'watanabe@client-a.co.jp']);
  A.scriptedSend(h.srv, h.mta, h.rng, jst(2026, 11, 10, 11, 5, 2), 'tanaka', ['nishi@nishi-kensetsu.co.jp']);
  A.systemNoise(h.srv, h.mta, h.rng, start, end, 5);
  A.webForm(h.srv, h.mta, h.rng, start, end - 30 * MINUTE, 4);
  h.sim.run(end);
  finishSimple(h, outDir, 'healthy', 'A normal weekday for example.jp: inbound mail, users on 587 with SASL, lmtp to Dovecot, IMAP/POP3, greylisting deferrals that succeed, one remote bounce, a couple of User unknown rejects, one mistyped SMTP password. Queue empty at the end.', sink);
}

// ---- 2. bruteforce --------------------------------------------------------------------------------

export function bruteforce(outDir: string): void {
  const start = jst(2026, 11, 12, 0, 0, 0);
  const end = jst(2026, 11, 13, 0, 0, 0);
  const policy = new Policy();
  const sink = new MemorySink('classic');
  const h = makeHarness('bruteforce', start, {}, policy, [sink]);
  A.normalTraffic(h.srv, h.mta, h.rng, { start, end: end - 30 * MINUTE, inboundPerDay: 70, outboundPerDay: 40, imapPerDay: 45, unknownRcptRate: 0.02 });
  A.systemNoise(h.srv, h.mta, h.rng, start, end, 8);
  const taken = new Set<string>();
  const ips = A.bruteForce(h.srv, h.rng, {
    start: start + 40 * MINUTE,
    end,
    hammerers: 4,
    hammerAttempts: [70, 130],
    sprinkle: 168,
    port25Share: 0.55,
    dovecotIps: 26,
    dovecotAttempts: [2, 14],
    garbageBots: 1,
    abortBots: 2,
    taken,
  });
  h.sim.run(end);
  finishSimple(h, outDir, 'bruteforce', `SASL brute force on ports 25 and 587 from ${ips.length} IPs (4 hammering, the rest 1-3 tries each) plus IMAP/POP3 guessing; no account falls; normal traffic continues.`, sink, {
    story: { bruteForceIps: ips.length, note: 'every attempt fails: Dovecot answers "unknown user" for names it does not know and "Password mismatch" for real mailboxes' },
  });
}

// ---- 3. incident (+ rfc3339 twin) ---------------------------------------------------------------------

/** The botnet that sends the spam in incident.log (after-fix.log sees some of it again). */
export function incidentSpamIps(): string[] {
  return botIps(new Rng('incident/spam-ips'), 46, new Set());
}

interface IncidentPlan {
  start: number;
  end: number;
  heatScale: number;
  waves: { start: number; end: number; ips: number; sessions: number; perSession: [number, number]; rcpts: [number, number] }[];
}

export function incident(outDir: string): void {
  const plan: IncidentPlan = {
    start: jst(2026, 11, 25, 6, 0, 0),
    end: jst(2026, 11, 28, 9, 30, 0),
    heatScale: 200,
    waves: [
      { start: jst(2026, 11, 26, 3, 5, 0), end: jst(2026, 11, 26, 4, 40, 0), ips: 8, sessions: 8, perSession: [1, 2], rcpts: [3, 8] },
      { start: jst(2026, 11, 27, 0, 40, 0), end: jst(2026, 11, 27, 3, 30, 0), ips: 18, sessions: 16, perSession: [1, 3], rcpts: [5, 10] },
      { start: jst(2026, 11, 28, 8, 48, 0), end: jst(2026, 11, 28, 9, 14, 0), ips: 40, sessions: 64, perSession: [3, 5], rcpts: [2, 4] },
    ],
  };
  const classic = new MemorySink('classic');
  const rfc = new MemorySink('rfc3339');
  const heat = new Heat(1.5 * 3600, plan.heatScale);
  // once the spam starts, 163.com refuses our IP outright (like the corpus's closed 127.0.1.6): those recipients expire
  const policy = new Policy({ reputation: (t) => heat.value(t), outages: [{ domain: '163.com', from: jst(2026, 11, 26, 3, 0, 0), to: plan.end + DAY, why: 'refused' }] });
  const h = makeHarness('incident', plan.start, {}, policy, [classic, rfc]);
  const { srv, mta, rng, sim, truth } = h;
  const login = `info@${SERVER.domain}`;

  // normal life goes on
  A.normalTraffic(srv, mta, rng, {
    start: plan.start,
    end: jst(2026, 11, 28, 9, 10, 0),
    inboundPerDay: 30,
    outboundPerDay: 18,
    imapPerDay: 20,
    unknownRcptRate: 0.03,
    smtpMistypes: [jst(2026, 11, 26, 9, 12, 40)],
  });
  A.systemNoise(srv, mta, rng, plan.start, plan.end, 3);
  A.webForm(srv, mta, rng, plan.start, jst(2026, 11, 28, 9, 10, 0), 2);

  // background brute force from the first morning on
  const taken = new Set<string>();
  A.bruteForce(srv, rng, {
    start: jst(2026, 11, 25, 9, 30, 0),
    end: plan.end,
    hammerers: 2,
    hammerAttempts: [30, 50],
    sprinkle: 45,
    port25Share: 0.6,
    dovecotIps: 8,
    dovecotAttempts: [2, 6],
    garbageBots: 0,
    abortBots: 1,
    taken,
  });
  A.relayProbes(srv, rng, jst(2026, 11, 25, 8, 0, 0), plan.end, 14, taken);

  // the guesser: a small /24 going after info@ on 587
  const g = rng.fork('guesser');
  const base = botIps(g, 1, taken)[0] as string;
  const net = base.slice(0, base.lastIndexOf('.') + 1);
  const guessers = [2, 3, 4, 5, 6].map((x) => `${net}${x}`);
  for (const ip of guessers) taken.add(ip);
  const guessStart = jst(2026, 11, 25, 20, 34, 0);
  const successAt = jst(2026, 11, 25, 23, 41, 7);
  const guessScript = function* (): Generator<number, void, void> {
    let i = 0;
    while (srv.now < successAt - 3 * MINUTE) {
      const ip = guessers[i++ % guessers.length] as string;
      const names = g.chance(0.8) ? [login] : [g.pick(['info', login, `admin@${SERVER.domain}`])];
      if (g.chance(0.35)) names.push(login);
      yield* S.bruteSmtpSession(srv, g, ip, { port: 587, names, method: 'LOGIN', tls: true, end: g.chance(0.3) ? 'lost' : 'quit' });
      yield g.range(60, 240);
    }
  };
  sim.at(guessStart, () => sim.spawn(guessScript()));
  const winner = guessers[2] as string;
  sim.at(successAt, () =>
    sim.spawn(
      S.successfulGuessSession(srv, g, winner, 587, () => {
        truth.compromiseAt = srv.now;
      }),
    ),
  );

  // the intruder looks into the mailbox
  const intruderIp = botIps(g, 1, taken)[0] as string;
  const intruderAt = jst(2026, 11, 25, 23, 52, 31);
  sim.at(intruderAt, () => sim.spawn(S.intruderImapSession(srv, g, login, intruderIp, 94)));

  // spam: test sends from the winner, then three waves from dozens of IPs
  const attackerIps: string[] = [winner];
  const spamIps = incidentSpamIps();
  for (const ip of spamIps) taken.add(ip);
  const onMessage = (m: Msg): void => {
    truth.spamMessages++;
    truth.spamRecipients += m.nrcpt;
    if (!m.sender.endsWith(`@${SERVER.domain}`)) truth.spamForgedSenderMessages++;
    if (m.clientIp !== null) {
      truth.spamClientIps.add(m.clientIp);
      if (!attackerIps.includes(m.clientIp)) attackerIps.push(m.clientIp);
    }
    if (truth.firstSpamAt < 0) truth.firstSpamAt = m.arrival;
    heat.add(srv.now, m.nrcpt);
  };
  const testAt = jst(2026, 11, 26, 2, 11, 54);
  sim.at(testAt, () => sim.spawn(S.spamSession(srv, mta, g, winner, { port: 587, tls: true, login, method: 'LOGIN', messages: 2, rcpts: [1, 1], forgedShare: 0, onMessage, fixedRcpts: ['kensa.tesuto0927@gmail.com'] })));
  const waveInfo: unknown[] = [];
  plan.waves.forEach((w, wi) => {
    const wr = rng.fork(`wave-${wi}`);
    const ips = wr.sample(spamIps, w.ips);
    waveInfo.push({ start: isoLocal(w.start), end: isoLocal(w.end), ips: w.ips, sessions: w.sessions });
    for (let i = 0; i < w.sessions; i++) {
      const r = wr.fork(`s${i}`);
      const ip = i < ips.length ? (ips[i] as string) : r.pick(ips);
      const t = w.start + r.float() * (w.end - w.start);
      const port: 25 | 587 = r.chance(0.3) ? 25 : 587;
      sim.at(t, () =>
        sim.spawn(
          S.spamSession(srv, mta, r, ip, {
            port,
            tls: r.chance(0.5),
            login,
            method: r.chance(0.6) ? 'LOGIN' : 'PLAIN',
            messages: r.int(w.perSession[0], w.perSession[1]),
            rcpts: w.rcpts,
            forgedShare: 0.72,
            onMessage,
          }),
        ),
      );
    }
  });

  // the admin notices on Saturday morning and deletes a few spam messages by hand (the rest stays queued)
  const postsuperAt = jst(2026, 11, 28, 9, 19, 12);
  let deleted: string[] = [];
  sim.at(postsuperAt, () => {
    const spam = mta.stillQueued((m) => m.spam && m.inflight === 0);
    deleted = spam.slice(0, 3);
    mta.postsuperDelete(deleted);
  });
  // legitimate mail at the very end: greylisted / deferred, still queued when the log stops
  A.scriptedSend(srv, mta, rng, jst(2026, 11, 28, 9, 25, 41), 'tanaka', ['sales@tokai-shoji.co.jp']);
  A.scriptedSend(srv, mta, rng, jst(2026, 11, 28, 9, 26, 58), 'takahashi', ['m.ogawa@tokai-shoji.co.jp', 'yoshida_k@yahoo.co.jp']);

  sim.run(plan.end);

  const stillQueued = mta.stillQueued();
  const spamStill = mta.stillQueued((m) => m.spam);
  const legitStill = mta.stillQueued((m) => !m.spam);
  const mtime = mtimeAfter(h, classic.lastT, 'incident');
  const description =
    'The springboard incident over ~3 days: SASL brute force, info@example.jp guessed after many failures, then dozens of IPs log in as info@ and send spam (mostly forged envelope senders) to thousands of free-mail recipients; Gmail 421-4.7.28 rate limits, Yahoo TSS04, Microsoft S3150, timeouts and refusals; deferred mail retried for days; expiry and backscatter; relay probes; legitimate traffic and a web form keep going; spam still queued at the end.';
  const story = {
    bruteForceStart: isoLocal(jst(2026, 11, 25, 9, 30, 0)),
    guessingStart: isoLocal(guessStart),
    guesserIps: guessers,
    guesserWhoGotIn: winner,
    intruderImapIp: intruderIp,
    intruderImapAt: isoLocal(intruderAt),
    testSendsAt: isoLocal(testAt),
    waves: waveInfo,
    postsuperAt: isoLocal(postsuperAt),
    postsuperDeletedIds: deleted,
  };
  const common = {
    scenario: 'incident',
    description,
    firstLineAt: classic.firstT,
    lastLineAt: classic.lastT,
    lines: h.log.lines,
    stillQueuedIds: stillQueued,
    reusedQueueIds: mta.reusedQids,
    spamStillQueuedIds: spamStill,
    legitStillQueuedIds: legitStill,
    compromisedUser: login,
    attackerIps,
    serverConfig: configForTruth(h.cfg),
    story,
  };
  writeFileAt(path.join(outDir, 'incident.log'), classic.text(), mtime);
  writeJson(path.join(outDir, 'incident.truth.json'), truth.toJSON({ ...common, files: [fileInfo('incident.log', 'classic', classic)] }), mtime);
  writeFileAt(path.join(outDir, 'rfc3339', 'incident.log'), rfc.text(), mtime);
  writeJson(path.join(outDir, 'rfc3339', 'incident.truth.json'), truth.toJSON({ ...common, scenario: 'incident-rfc3339', files: [fileInfo('incident.log', 'rfc3339', rfc)] }), mtime);
}

// ---- 4. deferred-flood -------------------------------------------------------------------------------

export function deferredFlood(outDir: string): void {
  const start = jst(2026, 11, 16, 0, 0, 0);
  const end = jst(2026, 11, 17, 12, 0, 0);
  const blockFrom = jst(2026, 11, 16, 9, 41, 0);
  const blockTo = jst(2026, 11, 17, 8, 52, 0);
  const policy = new Policy({
    outboundBlocked: (t) => t >= blockFrom && t < blockTo,
    outages: [{ domain: 'nishi-kensetsu.co.jp', from: start, to: end + DAY, why: 'refused' }],
  });
  const sink = new MemorySink('classic');
  const h = makeHarness('deferred-flood', start, {}, policy, [sink]);
  A.normalTraffic(h.srv, h.mta, h.rng, { start, end: end - 20 * MINUTE, inboundPerDay: 60, outboundPerDay: 50, imapPerDay: 36, unknownRcptRate: 0.015 });
  for (const [d, hh, mm] of [
    [16, 10, 5],
    [16, 13, 48],
    [16, 17, 20],
    [17, 9, 31],
  ] as const) {
    A.scriptedSend(h.srv, h.mta, h.rng, jst(2026, 11, d, hh, mm, 17), 'takahashi', ['nishi@nishi-kensetsu.co.jp']);
  }
  A.systemNoise(h.srv, h.mta, h.rng, start, end, 5);
  A.webForm(h.srv, h.mta, h.rng, start, end - 20 * MINUTE, 3);
  h.sim.run(end);
  finishSimple(
    h,
    outDir,
    'deferred-flood',
    'No compromise: from Monday 09:41 until Tuesday 08:52 the server cannot reach any remote port 25 (connect … Connection timed out for every MX), so outbound mail piles up deferred and is retried with backoff; after the block is lifted the queue drains. One partner MX refuses connections all along: its messages expire after maximal_queue_lifetime and bounce back.',
    sink,
    { story: { outboundBlockedFrom: isoLocal(blockFrom), outboundBlockedTo: isoLocal(blockTo), refusedAllAlong: 'nishi-kensetsu.co.jp' } },
  );
}

// ---- 5. after-fix ---------------------------------------------------------------------------------------

export function afterFix(outDir: string): void {
  const start = jst(2026, 11, 29, 0, 0, 0);
  const end = jst(2026, 11, 30, 20, 0, 0);
  const heat = new Heat(6 * 3600, 120, 260, start);
  const policy = new Policy({ reputation: (t) => heat.value(t) });
  const sink = new MemorySink('classic');
  const h = makeHarness('after-fix', start, { authOnPort25: false }, policy, [sink]);
  A.normalTraffic(h.srv, h.mta, h.rng, { start, end: end - 30 * MINUTE, inboundPerDay: 70, outboundPerDay: 45, imapPerDay: 50, unknownRcptRate: 0.02 });
  A.systemNoise(h.srv, h.mta, h.rng, start, end, 6);
  A.webForm(h.srv, h.mta, h.rng, start, end - 30 * MINUTE, 3);
  const taken = new Set<string>();
  const ips = A.bruteForce(h.srv, h.rng, {
    start: start + 2 * HOUR,
    end,
    hammerers: 2,
    hammerAttempts: [30, 60],
    sprinkle: 40,
    port25Share: 0.5,
    dovecotIps: 8,
    dovecotAttempts: [2, 6],
    abortBots: 1,
    taken,
  });
  // the incident's spam bots still try the old info@ password (on 25, now without AUTH, and on 587)
  const oldBots = A.bruteForce(h.srv, h.rng.fork('oldbots'), {
    start: start + 20 * MINUTE,
    end: start + 30 * HOUR,
    hammerers: 0,
    hammerAttempts: [1, 1],
    sprinkle: 18,
    sprinkleIps: h.rng.fork('oldbot-pick').sample(incidentSpamIps(), 18),
    port25Share: 0.35,
    dovecotIps: 0,
    dovecotAttempts: [1, 1],
    names: [`info@${SERVER.domain}`],
    taken,
  });
  A.relayProbes(h.srv, h.rng, start, end, 5, taken);
  h.sim.run(end);
  finishSimple(
    h,
    outDir,
    'after-fix',
    'The incident server a day after the cleanup: AUTH disabled on port 25 (bots get 503, visible only as auth=0/N), info@ password changed (old bots fail with Password mismatch on 587), queue purged; brute force on 587 keeps failing, normal traffic delivers, reputation recovering.',
    sink,
    { story: { bruteForceIps: ips.length, incidentSpamBotIpsStillTrying: oldBots, note: 'authRefusedNoSasl counts AUTH attempts on port 25 refused without any warning line; the incident spam bots now fail with Password mismatch on 587' } },
  );
}

// ---- 6. rotated set --------------------------------------------------------------------------------------

export function rotated(outDir: string): void {
  const start = jst(2026, 11, 19, 0, 0, 0);
  const end = jst(2026, 11, 22, 14, 0, 0);
  const bounds = [jst(2026, 11, 20), jst(2026, 11, 21), jst(2026, 11, 22)];
  const names = ['maillog-20261120', 'maillog.2', 'maillog.1', 'maillog'];
  const gz = [true, true, false, false];
  const sinks = names.map(() => new MemorySink('classic'));
  const policy = new Policy({ greylistAutoWhitelist: 1000, outages: [{ domain: 'client-a.co.jp', from: jst(2026, 11, 20, 22, 35, 0), to: jst(2026, 11, 21, 1, 48, 0), why: 'refused' }] });
  const h = makeHarness('rotated', start, {}, policy, [new RoutedSink(bounds, sinks)]);
  const spanning: { qid: string; arrival: number; removed: number }[] = [];
  h.mta.onRemoved = (m) => {
    const fileOf = (t: number): number => bounds.filter((b) => t >= b).length;
    if (fileOf(m.arrival) !== fileOf(h.sim.now)) spanning.push({ qid: m.qid, arrival: m.arrival, removed: h.sim.now });
  };
  A.normalTraffic(h.srv, h.mta, h.rng, { start, end: end - 30 * MINUTE, inboundPerDay: 45, outboundPerDay: 26, imapPerDay: 30, unknownRcptRate: 0.02 });
  A.systemNoise(h.srv, h.mta, h.rng, start, end, 3);
  // late-night mail to greylisting partners: first try before midnight, delivered after
  for (const [d, who, to] of [
    [19, 'takahashi', 'system@partner.co.jp'],
    [20, 'tanaka', 'yakin@partner.co.jp'],
    [21, 'suzuki', 'hoshu@partner.co.jp'],
  ] as const) {
    A.scriptedSend(h.srv, h.mta, h.rng, jst(2026, 11, d, 23, 56, 12), who as User, [to]);
  }
  A.scriptedSend(h.srv, h.mta, h.rng, jst(2026, 11, 20, 23, 12, 40), 'sato', ['ito@client-a.co.jp']);
  A.scriptedSend(h.srv, h.mta, h.rng, jst(2026, 11, 20, 22, 48, 3), 'tanaka', ['watanabe@client-a.co.jp', 'tanaka.family@gmail.com']);
  A.bruteForce(h.srv, h.rng, { start, end, hammerers: 0, hammerAttempts: [1, 1], sprinkle: 25, port25Share: 0.5, dovecotIps: 3, dovecotAttempts: [1, 4] });
  h.sim.run(end);

  const files = names.map((n, i) => fileInfo(gz[i] ? `${n}.gz` : n, 'classic', sinks[i] as MemorySink));
  const truth = h.truth.toJSON({
    scenario: 'rotated',
    description:
      'One server, four consecutive days split the way logrotate leaves them (oldest first: maillog-20261120.gz, maillog.2.gz, maillog.1, maillog). Several messages are received in one file and delivered in the next (greylisting around midnight, a partner MX down across midnight).',
    files,
    firstLineAt: (sinks[0] as MemorySink).firstT,
    lastLineAt: (sinks[3] as MemorySink).lastT,
    lines: h.log.lines,
    stillQueuedIds: h.mta.stillQueued(),
    reusedQueueIds: h.mta.reusedQids,
    serverConfig: configForTruth(h.cfg),
    story: {
      order: 'oldest to newest: maillog-20261120.gz, maillog.2.gz, maillog.1, maillog',
      spanningMessages: spanning.map((s) => ({ qid: s.qid, receivedAt: isoLocal(s.arrival), removedAt: isoLocal(s.removed) })),
    },
  });
  const lastMtime = mtimeAfter(h, (sinks[3] as MemorySink).lastT, 'rotated');
  for (const [dir, compress] of [
    ['rotated', true],
    ['rotated-plain', false],
  ] as const) {
    names.forEach((n, i) => {
      const s = sinks[i] as MemorySink;
      const mtime = i === 3 ? lastMtime : (bounds[i] as number) + h.rng.fork(`rot-${i}`).int(1, 4) * US;
      const text = s.text();
      if (compress && gz[i]) writeFileAt(path.join(outDir, dir, `${n}.gz`), gzipText(text), mtime);
      else writeFileAt(path.join(outDir, dir, n), text, mtime);
    });
    const t = compress ? truth : { ...truth, scenario: 'rotated-plain', files: names.map((n, i) => fileInfo(n, 'classic', sinks[i] as MemorySink)) };
    writeJson(path.join(outDir, dir, 'truth.json'), t, lastMtime);
  }
}

export const SCENARIOS: readonly { name: string; run: (outDir: string) => void }[] = [
  { name: 'healthy', run: healthy },
  { name: 'bruteforce', run: bruteforce },
  { name: 'incident', run: incident },
  { name: 'deferred-flood', run: deferredFlood },
  { name: 'after-fix', run: afterFix },
  { name: 'rotated', run: rotated },
];

// ---- samples/README.md (generated from the truth files just written) -----------------------------

interface TruthSummary {
  description: string;
  lines: number;
  firstLineAt: string;
  lastLineAt: string;
  received: number;
  delivered: number;
  bounced: number;
  expired: number;
  deferred: number;
  deferredMessages: number;
  rejected: number;
  authFailures: number;
  authFailureIps: number;
  stillQueued: number;
  spamStillQueued?: number;
  compromisedUser?: string;
}

export function writeReadme(outDir: string, fileSizes: Map<string, number>): void {
  const rows: string[] = [];
  const sections: string[] = [];
  const entries: [string, string, string[]][] = [
    ['healthy', 'healthy.truth.json', ['healthy.log']],
    ['bruteforce', 'bruteforce.truth.json', ['bruteforce.log']],
    ['incident', 'incident.truth.json', ['incident.log', 'rfc3339/incident.log']],
    ['deferred-flood', 'deferred-flood.truth.json', ['deferred-flood.log']],
    ['after-fix', 'after-fix.truth.json', ['after-fix.log']],
    ['rotated', 'rotated/truth.json', ['rotated/maillog-20261120.gz', 'rotated/maillog.2.gz', 'rotated/maillog.1', 'rotated/maillog', 'rotated-plain/…']],
  ];
  for (const [name, truthFile, files] of entries) {
    const t = JSON.parse(fs.readFileSync(path.join(outDir, truthFile), 'utf8')) as TruthSummary;
    const size = files.map((f) => (fileSizes.has(f) ? `${f} (${Math.round((fileSizes.get(f) as number) / 1024)} KiB)` : f)).join(', ');
    rows.push(
      `| ${name} | ${t.firstLineAt.slice(0, 16)} → ${t.lastLineAt.slice(0, 16)} | ${t.lines} | ${t.received} | ${t.delivered} | ${t.bounced} | ${t.expired} | ${t.deferred} / ${t.deferredMessages} | ${t.rejected} | ${t.authFailures} (${t.authFailureIps} IPs) | ${t.stillQueued}${t.spamStillQueued !== undefined ? ` (${t.spamStillQueued} spam)` : ''} |`,
    );
    sections.push(`### ${name}\n${t.description}\n\nFiles: ${size}; truth: \`${truthFile}\`.`);
  }
  const text = `# Sample logs

Generated by \`samples/generator\` (\`npm run samples:generate\`, or \`node dist/samples/generator/cli.js samples [outDir]\`):
a discrete-event model of mail.example.jp (Postfix 3.7.11 + Dovecot 2.3.19, Asia/Tokyo, November 2026) whose
line shapes are copied from the real corpus. Every run writes the same bytes. Do not edit these files by hand.

Each scenario has a truth file counted by the model while it wrote the log (never by parsing it); its \`note\`
field defines every number. Classic syslog stamps have no year: the files are written with an mtime just after
their last line, but git does not keep mtimes, so the truth files also state \`year\` (2026) and \`timezone\`.

| scenario | span (JST) | lines | received | delivered | bounced | expired | deferred lines / msgs | rejected | SASL failures | still queued |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

${sections.join('\n\n')}

### rfc3339/incident.log
The same events as incident.log with Debian 12 rsyslog's RFC 3339 stamps (\`2026-11-28T09:19:12.123456+09:00 mail …\`).

### rotated-plain/
The rotated set uncompressed (same names without .gz): an analysis of \`rotated/\` and of \`rotated-plain/\` must give the same report.

## Big logs for the benchmark
\`node dist/samples/generator/cli.js big --size 1.5G --out /tmp/big.log [--seed N] [--days 5] [--gz] [--rfc3339] [--truth FILE]\`
streams an incident-like log of about the requested size: brute force from thousands of IPs, a guessed account,
a spam flood steered to the size target, the provider blocking outbound port 25 halfway, and deferred mail
retried for days (maximal_queue_lifetime 5d), so most lines are status=deferred.
`;
  writeFileAt(path.join(outDir, 'README.md'), text, jst(2026, 11, 30, 20, 0, 0));
}
