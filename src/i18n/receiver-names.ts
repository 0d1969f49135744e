// The Japanese names of the receivers that detect/refusal-kinds.ts providerOf counts refusals for, where the English one
// is not also the Japanese (a brand or a domain stays as it is): used by the finding's words (ja.ts), the evidence
// labels and the grouped deferral reasons' Receiver column (table-words.ts).

import { MICROSOFT_CUSTOMER } from '../detect/refusal-kinds.js';

const JA_NAMES: Record<string, string> = {
  'Other receivers': 'その他の受信サーバー',
  // Microsoft 5.7.513 "blocked by $recipientDomain using Customer Block list" (review AC, F14): the recipient's organisation.
  [MICROSOFT_CUSTOMER]: 'Microsoft 365 の受信側組織',
};

/** "その他の受信サーバー" for "Other receivers"; "Gmail" for "Gmail". */
export function jaReceiverName(name: string): string {
  return JA_NAMES[name] ?? name;
}
