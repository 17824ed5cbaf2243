// Shared synonym table: the embedded index expands queries with it, the Meilisearch adapter uploads it as settings.

/** Each group lists interchangeable words or phrases (lowercase; phrases are matched as consecutive words). */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['refund', 'money back', 'reimbursement'],
  ['invoice', 'receipt', 'bill'],
  ['login', 'log in', 'sign in', 'signin'],
  ['logout', 'log out', 'sign out'],
  ['signup', 'sign up', 'register'],
  ['password', 'passcode'],
  ['2fa', 'two factor', 'mfa', 'two step verification'],
  ['cancel', 'terminate'],
  ['shipping', 'delivery'],
  ['parcel', 'package'],
  ['delete account', 'close account'],
  ['plan', 'subscription tier'],
  ['email', 'e mail'],
  ['退款', '退钱'],
  ['发票', '收据'],
  ['登录', '登陆'],
  ['密码', '口令'],
  ['两步验证', '双重认证', '二次验证'],
  ['快递', '物流'],
  ['取消订阅', '退订'],
];

/** Meilisearch `synonyms` setting: every entry maps to all other entries of its group (mutual synonyms). */
export function meilisearchSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const word of group) {
      const others = group.filter((w) => w !== word);
      out[word] = [...new Set([...(out[word] ?? []), ...others])];
    }
  }
  return out;
}
