// Words for names and message bodies: enough variety for search and the KB to have real work.
export const words = {
  first: ['Ada', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tao', 'Uma', 'Vik', 'Wen', 'Yara', 'Zoe'],
  last: ['Smith', 'Li', 'Garcia', 'Müller', 'Okafor', 'Tanaka', 'Silva', 'Kowalski', 'Haddad', 'Nguyen', 'Johansson', 'Rossi', 'Kim', 'Dubois', 'Patel', 'Novak', 'Wang', 'Cohen', 'Mensah', 'Ortiz'],
  body: ['order', 'invoice', 'refund', 'password', 'login', 'shipping', 'delivery', 'broken', 'price', 'discount', 'plan', 'upgrade', 'cancel', 'account', 'error', 'payment', 'card', 'package', 'late', 'thanks',
    'please', 'help', 'where', 'is', 'my', 'the', 'cannot', 'when', 'will', 'arrive', 'charged', 'twice', 'app', 'crash', 'sync', 'export', 'report', 'team', 'seat', 'license'],
};

export function sentence(rand: () => number, n = 6 + Math.floor(rand() * 12)): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words.body[Math.floor(rand() * words.body.length)]!);
  return out.join(' ');
}
