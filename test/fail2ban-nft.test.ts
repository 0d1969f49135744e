// Review Y2-Y6: the fail2ban jails and nft commands of sasl-bruteforce's "What to do", checked for what they must say
// and, where the tools are installed, run: `fail2ban-client -c DIR -t` / `-d` on a copy of /etc/fail2ban with the
// advice's jail file, and the nft block in a network namespace of its own (`unshare -n`, paths under a temp dir).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { fail2banJail, fail2banJournal, nftBlockCommands } from '../src/detect/rules/sasl-bruteforce.js';
import { relayProbing } from '../src/detect/rules/relay-probing.js';

const incident = join(CORPUS, 'incident', 'maillog');
const sample = join(ROOT, 'samples', 'bruteforce.log');

function fixOf(r: Report): string {
  const fs = r.findings.filter((f) => f.rule === 'sasl-bruteforce');
  assert.equal(fs.length, 1);
  return fs[0]!.fix ?? '';
}

/** The fenced blocks of a Markdown text. */
function blocks(md: string): string[] {
  return [...md.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((x) => x[1]!);
}

/** The blocks with their comments taken off (they are translated; the commands are not). */
function commands(md: string): string[] {
  return blocks(md).map((b) => b.replace(/ {2,}# .*$/gm, ''));
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function checkFix(fix: string): void {
  const bs = blocks(fix);
  const jail = bs.find((b) => b.includes('[postfix-sasl]\nenabled'))!;
  assert.ok(jail, fix);
  // Y2: fail2ban bans into nftables, not into the iptables Debian 12 does not install.
  assert.match(jail, /^\[DEFAULT\]\nbanaction = nftables-multiport\nbanaction_allports = nftables-allports\n/);
  // Y3: where the log is, and the journal variant with Debian's Postfix unit.
  assert.equal(jail.match(/^logpath {2}= \/var\/log\/mail\.log$/gm)?.length, 2);
  assert.ok(bs.some((b) => b.includes('backend      = systemd\njournalmatch = _SYSTEMD_UNIT=postfix@-.service\n')), fix);
  // Y4: this server is never banned.
  assert.equal(jail.match(/^ignoreip = 127\.0\.0\.1\/8 ::1/gm)?.length, 2);
  // Y2: how to see a ban reach the firewall.
  assert.ok(bs.some((b) => b.includes('fail2ban-client -t\n') && b.includes('nft list ruleset | grep f2b\n')), fix);
  // Y5: fail2ban is not "the lasting ban"; the blocklist is kept across reboots.
  assert.doesNotMatch(fix, /lasting ban/);
  assert.match(fix, /catches fast guessers, not a slow attack/);
  // Y6: nftables started before the first "nft add", the set written for the next boot after the last.
  const nft = bs.find((b) => b.includes('nft add set'))!;
  const enable = nft.indexOf('systemctl enable --now nftables');
  assert.ok(enable >= 0 && enable < nft.indexOf('nft add '), nft);
  assert.ok(nft.indexOf('nft list set inet filter blocked_v4 > /etc/nftables.d/blocklist.nft') > nft.lastIndexOf('nft add element'), nft);
  assert.ok(nft.includes('echo \'include "/etc/nftables.d/blocklist.nft"\' >> /etc/nftables.conf\nnft -c -f /etc/nftables.conf\n'), nft);
}

test('review Y2-Y6: bruteforce sample: banaction, log source, ignoreip, check, nftables started and kept; ja the same commands', async () => {
  const fix = fixOf(await report([sample], { year: 2026 }));
  checkFix(fix);
  const ja = fixOf(await report([sample], { year: 2026, lang: 'ja' }));
  assert.deepEqual(commands(ja), commands(fix));
  assert.doesNotMatch(ja, /恒久的な遮断は上記の fail2ban/);
});

test('review Y2-Y6: incident corpus: the same', { skip: existsSync(incident) ? false : 'corpus not found' }, async () => {
  const fix = fixOf(await report([incident], { year: 2026 }));
  checkFix(fix);
  assert.deepEqual(commands(fixOf(await report([incident], { year: 2026, lang: 'ja' }))), commands(fix));
});

const f2bSkip = !has('fail2ban-client') || !existsSync('/etc/fail2ban/jail.conf') ? 'fail2ban not installed' : false;

test('review Y2-Y4: fail2ban-client -t accepts the jail file (log file and journal variants); it bans with nftables and ignores the office', { skip: f2bSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-f2b-'));
  try {
    const etc = join(dir, 'etc');
    cpSync('/etc/fail2ban', etc, { recursive: true });
    // Debian's sshd jail reads /var/log/auth.log, which a container may not have: only the mail jails are tested.
    rmSync(join(etc, 'jail.d', 'defaults-debian.conf'), { force: true });
    const log = join(dir, 'mail.log');
    writeFileSync(log, '');
    const body = (lines: string[]): string => lines.filter((l) => !l.startsWith('```')).join('\n') + '\n';
    const jail = body(fail2banJail(['192.0.2.50']));
    writeFileSync(join(etc, 'jail.d', 'mail.local'), jail.replaceAll('/var/log/mail.log', log));
    execFileSync('fail2ban-client', ['-c', etc, '-t'], { stdio: 'pipe' });
    const dump = execFileSync('fail2ban-client', ['-c', etc, '-d'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    for (const j of ['postfix-sasl', 'dovecot']) {
      assert.ok(dump.includes(`['set', '${j}', 'addaction', 'nftables-multiport']`), dump);
      assert.ok(dump.includes(`['set', '${j}', 'addignoreip', '127.0.0.1/8', '::1', '192.0.2.50']`), dump);
      assert.ok(dump.includes(`['set', '${j}', 'addlogpath', '${log}', 'head']`), dump);
    }
    // Relay probing's [postfix] jail (review Y2): the same banaction, alone in the file.
    const relay = blocks(relayProbing.fix).find((b) => b.includes('[postfix]\n'))!;
    assert.match(relay, /^\[DEFAULT\]\nbanaction = nftables-multiport\n/);
    writeFileSync(join(etc, 'jail.d', 'mail.local'), relay.replaceAll('/var/log/mail.log', log));
    execFileSync('fail2ban-client', ['-c', etc, '-t'], { stdio: 'pipe' });
    assert.ok(execFileSync('fail2ban-client', ['-c', etc, '-d'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .includes("['set', 'postfix', 'addaction', 'nftables-multiport']"));
    writeFileSync(join(etc, 'jail.d', 'mail.local'), jail.replaceAll('/var/log/mail.log', log));
    // The journal variant: each logpath line replaced by its section's lines. Not run against a live journal.
    const journal = body(fail2banJournal()).split('\n\n');
    const jj = jail.replace('logpath  = /var/log/mail.log', journal[0]!.replace('[postfix-sasl]\n', '').trimEnd())
      .replace('logpath  = /var/log/mail.log', journal[1]!.replace('[dovecot]\n', '').trimEnd());
    assert.doesNotMatch(jj, /logpath/);
    writeFileSync(join(etc, 'jail.d', 'mail.local'), jj);
    execFileSync('fail2ban-client', ['-c', etc, '-t'], { stdio: 'pipe' });
    const jdump = execFileSync('fail2ban-client', ['-c', etc, '-d'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.ok(jdump.includes('[\'set\', \'postfix-sasl\', \'addjournalmatch\', \'_SYSTEMD_UNIT=postfix@-.service\']'), jdump);
    assert.ok(jdump.includes('[\'add\', \'dovecot\', \'systemd\']'), jdump);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const nftSkip = !has('nft') || !has('unshare') || spawnSync('unshare', ['-n', 'nft', 'list', 'ruleset']).status !== 0
  ? 'nft or a network namespace (unshare -n, root) not available' : false;

test('review Y6: the nft block on a host whose nftables is not started: table made, sets filled apart, loaded again from the kept file', { skip: nftSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-nft-'));
  try {
    // Debian 12's /etc/nftables.conf as installed.
    writeFileSync(join(dir, 'nftables.conf'), '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input {\n'
      + '\t\ttype filter hook input priority filter;\n\t}\n\tchain forward {\n\t\ttype filter hook forward priority filter;\n\t}\n'
      + '\tchain output {\n\t\ttype filter hook output priority filter;\n\t}\n}\n');
    writeFileSync(join(dir, 'blocklist-ips.txt'), '192.0.2.7\n198.51.100.9\n2001:db8::5\n');
    const script = nftBlockCommands(true, true).filter((l) => !l.startsWith('```')).join('\n')
      .replaceAll('systemctl enable --now nftables', `nft -f ${dir}/nftables.conf`)
      .replaceAll('/etc/nftables', `${dir}/nftables`);
    // The file kept for the next boot, loaded on a fresh namespace the way nftables.service loads /etc/nftables.conf.
    const out = execFileSync('unshare', ['-n', 'sh', '-ec', `cd ${dir}\n${script}\nnft flush ruleset\nnft -f ${dir}/nftables.conf\nnft list ruleset`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(out, /set blocked_v4 \{\n\s+type ipv4_addr\n\s+elements = \{ 192\.0\.2\.7, 198\.51\.100\.9 \}/);
    assert.match(out, /set blocked_v6 \{\n\s+type ipv6_addr\n\s+elements = \{ 2001:db8::5 \}/);
    assert.match(out, /ip saddr @blocked_v4 drop/);
    assert.match(out, /ip6 saddr @blocked_v6 drop/);
    assert.equal(readFileSync(join(dir, 'nftables.conf'), 'utf8').match(/^include /gm)?.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
