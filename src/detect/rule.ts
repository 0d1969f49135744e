// The shape of a detection rule: thresholds beside the logic, and the words that explain it.

import type { Aggregate, Finding, Severity } from '../types.js';
import type { InputFile } from '../split/inputs.js';
import type { Messages } from '../i18n/index.js';

export interface RuleContext {
  allowIps: Set<string>;
  allowUsers: Set<string>;
  inputs: InputFile[];
  /** Queue IDs really queued now (from a `postqueue -j` dump given with --queue), or null. */
  liveQueue: Set<string> | null;
  /** The dump's sender of each queue ID ('' for a bounce), or null: an ID it lists for another sender is another message. */
  liveQueueSenders?: Map<string, string> | null;
  /** The threshold value (default or the user's override). */
  threshold: (name: string) => number;
  /** The report language's words: findings build their titles (and human evidence texts) with these. */
  messages: Messages;
}

export interface Rule {
  id: string;
  /** English title, why and fix; other languages have theirs in src/i18n (keyed by id). */
  title: string;
  /** Why it matters, one paragraph (Markdown). */
  why: string;
  /** What to do: commands and configuration the user can paste (Markdown with fenced blocks). */
  fix: string;
  thresholds: Record<string, number>;
  detect: (agg: Aggregate, ctx: RuleContext) => Finding[];
  /**
   * The fix for one of its findings when the right advice depends on what the other rules found (a queue of spam
   * to delete, or of the users' own mail held up by a blocked port 25, or no queue at all). Called once every rule
   * has run, with all the findings; returns Markdown for the finding's own `fix`, or undefined to keep `fix`.
   */
  advise?: (finding: Finding, findings: readonly Finding[], agg: Aggregate, ctx: RuleContext) => string | undefined;
  /**
   * The finding's severity once every rule has run, when it depends on the others (a deferred flood whose cause, a
   * blocked port 25, ended within the log); undefined keeps the severity detect gave.
   */
  settle?: (finding: Finding, findings: readonly Finding[], agg: Aggregate, ctx: RuleContext) => Severity | undefined;
}
