// The #/customers route and the comma-separated skills input of the routing admin.
import { describe, expect, it } from 'vitest';
import { parseSkills } from '../../../agent-console/src/components/admin/skills.js';
import { parseHash } from '../../../agent-console/src/hooks/useHashRoute.js';

describe('customers route', () => {
  it('parses #/customers and #/customers/<id>', () => {
    expect(parseHash('#/customers')).toEqual({ page: 'customers', conversationId: null, customerId: null });
    expect(parseHash('#/customers/cus_123').customerId).toBe('cus_123');
    expect(parseHash('#/customers/bad%20id!').customerId).toBeNull();
  });
});

describe('parseSkills', () => {
  it('trims, drops empties and repeats', () => {
    expect(parseSkills(' billing, de,, billing ,vip')).toEqual(['billing', 'de', 'vip']);
    expect(parseSkills('   ')).toEqual([]);
    expect(parseSkills('')).toEqual([]);
  });
});
