// The user names an IP tried over IMAP/POP3, from Dovecot's two records of the same attempts (review 18 of the
// versions, aside): the login process's line of a session ("imap-login: Disconnected (auth failed, 6 attempts in 18
// secs): user=<info@example.jp>, …, rip=203.0.113.88", always logged) and auth's line of each attempt, with the
// session ID ("auth: passwd-file(info@example.jp,203.0.113.88,<1ox5…>): Password mismatch", with auth_verbose). A
// guesser that keeps trying in one connection and then logs in leaves only the second: six tries of info@ and then
// "imap-login: Login: user=<info@example.jp>, …, rip=203.0.113.99" gave the IP no name tried, and its login no
// mailbox-breach (review 18's oneconn-23.log), though it was one IP of an attack on that name.
//
// Counting both would count each attempt's name twice. As the per-IP failures take the larger of the two views
// (mailboxLoginFailures, mailboxAuthFailures: ipFailures()), so do the names: when auth's lines saw more IMAP/POP3
// failures from an IP than its login-process lines, a name's count is raised to what auth's lines say (each name
// the larger of its two counts, SMTP AUTH tries of the name included on the login side: at worst fewer than the
// tries, never more); otherwise the login-process names stand, as before.

import type { Aggregate } from '../types.js';
import { bumpUser, userCountsOf } from './user-counts.js';

/** Folds each IP's mailboxAuthUsersTried into authUsersTried (see above), and drops it. Once, after the scan. */
export function foldMailboxAuthNames(agg: Aggregate): void {
  for (const r of agg.byClientIp.values()) {
    const auth = r.mailboxAuthUsersTried;
    if (auth === null) continue;
    r.mailboxAuthUsersTried = null;
    if (r.mailboxAuthFailures <= r.mailboxLoginFailures) continue;
    const had = userCountsOf(r.authUsersTried);
    const raise: Array<[string, number]> = [];
    for (const [name, n] of userCountsOf(auth)) {
      const more = n - (had.get(name) ?? 0);
      if (more > 0) raise.push([name, more]);
    }
    // `had` may be a view of the lists being raised: read them all first.
    for (const [name, more] of raise) r.authUsersTried = bumpUser(r.authUsersTried, name, more, (s) => s);
  }
}
