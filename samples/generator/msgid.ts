// Message-ID header values in the styles real mail clients and sending platforms produce.

import type { Rng } from './prng.js';
import { unixSeconds, utcCompact } from './clock.js';

export type MsgidStyle = 'thunderbird' | 'outlook' | 'iphone' | 'gmail' | 'ses' | 'yahoojp' | 'postfix' | 'mailchimp' | 'php' | 'spam';

function uuid(rng: Rng, upper: boolean): string {
  const h = (n: number): string => rng.hex(n, upper);
  return `${h(8)}-${h(4)}-4${h(3)}-${rng.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function b62(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += B62[rng.u32() % 62];
  return s;
}

/** Message-ID without angle brackets. */
export function messageId(style: MsgidStyle, domain: string, rng: Rng, tUs: number): string {
  switch (style) {
    case 'thunderbird':
      return `${uuid(rng, false)}@${domain}`;
    case 'iphone':
      return uuid(rng, true).toUpperCase() + `@${domain}`;
    case 'outlook':
      return `TYCPR01MB${rng.int(1000, 99999)}${rng.hex(24, true)}@TYCPR01MB${rng.int(1000, 99999)}.jpnprd01.prod.outlook.com`;
    case 'gmail':
      return `CA${b62(rng, 2)}${rng.pick(['+', '_', '-', ''])}${b62(rng, 40)}@mail.gmail.com`;
    case 'ses':
      return `0106019${rng.hex(9)}-${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}-000000@ap-northeast-1.amazonses.com`;
    case 'yahoojp':
      return `${rng.int(100000000, 999999999)}.${rng.int(10000, 99999)}.${unixSeconds(tUs)}@mail.yahoo.co.jp`;
    case 'mailchimp':
      return `${rng.hex(20)}.${rng.hex(10)}.${rng.int(10000000, 99999999)}@mail139.suw11.mcdlv.net`;
    case 'php':
      return `${rng.hex(32)}@${domain}`;
    case 'spam':
      return rng.chance(0.5) ? `${utcCompact(tUs)}.${rng.hex(10, true)}@${domain}` : `${rng.hex(12)}${rng.hex(4)}@${domain}`;
    case 'postfix':
    default:
      return `${utcCompact(tUs)}.${rng.hex(10, true)}@${domain}`;
  }
}
