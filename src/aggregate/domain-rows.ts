// The rows of the recipient domains met last, found from a recipient address without cutting its domain out.
//
// A deferred flood's status lines name a few dozen domains, interleaved: on the benchmark log the domain changes on
// 88,000 of its 290,000 delivery lines, and each change cut the domain twice (a lower-cased key, a kept copy). The
// last SIZE domains as written (34 distinct there: 3,600 changes left with 16) are compared in place instead
// (thirty-eighth session). A row is the map's own for its domain during the scan, so a cached row is the one a
// lookup would give.

import { ownString } from '../own-string.js';

const SIZE = 16;

export interface DomainRows<T> {
  /** Domain parts as written ("" for an address without "@"), each its own copy. */
  domains: string[];
  rows: T[];
  /** The slot the next new domain replaces once all SIZE are taken (the oldest). */
  next: number;
}

export function newDomainRows<T>(): DomainRows<T> {
  return { domains: [], rows: [], next: 0 };
}

/** The row kept for the domain of `to` (after its last "@" at `at`; -1: none), or null. */
export function domainRowOf<T>(c: DomainRows<T>, to: string, at: number): T | null {
  const len = at < 0 ? 0 : to.length - at - 1;
  const domains = c.domains;
  for (let i = 0; i < domains.length; i++) {
    const d = domains[i]!;
    if (d.length === len && (len === 0 || to.endsWith(d))) return c.rows[i]!;
  }
  return null;
}

/** Keeps `row` as the row of the domain of `to` (not kept yet: domainRowOf said null). */
export function keepDomainRow<T>(c: DomainRows<T>, to: string, at: number, row: T): void {
  const domain = ownString(at < 0 ? '' : to.slice(at + 1));
  if (c.domains.length < SIZE) {
    c.domains.push(domain);
    c.rows.push(row);
    return;
  }
  c.domains[c.next] = domain;
  c.rows[c.next] = row;
  c.next = (c.next + 1) % SIZE;
}
