// #/customers: search customers by name, email, phone or company; a picked result opens the
// customer panel (#/customers/<id>), whose conversations open in the inbox. Supervisors and admins
// also import purchases from a CSV file here.
import { useEffect, useState } from 'preact/hooks';
import { opsApi } from '../api-ops.js';
import { useI18n, useSession } from '../context.js';
import { useDebounced } from '../hooks/useDebounced.js';
import type { CustomerHit } from '../types-ops.js';
import { CustomerPanel } from './CustomerPanel.js';
import { PurchaseImport } from './customer/PurchaseImport.js';
import { customerLabel } from '../customer-label.js';

type SearchState = { status: 'idle' } | { status: 'loading' } | { status: 'failed' } | { status: 'done'; q: string; customers: CustomerHit[] };

export function CustomersPage({ customerId }: { customerId: string | null }) {
  const { t } = useI18n();
  const { navigate, me } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [state, setState] = useState<SearchState>({ status: 'idle' });

  useEffect(() => {
    if (!q) {
      setState({ status: 'idle' });
      return;
    }
    let cancelled = false;
    setState({ status: 'loading' });
    opsApi.searchCustomers(q.slice(0, 200), 20).then(
      (res) => { if (!cancelled) setState({ status: 'done', q, customers: res.customers }); },
      () => { if (!cancelled) setState({ status: 'failed' }); },
    );
    return () => { cancelled = true; };
  }, [q]);

  return (
    <div class="customers-page">
      <section class="pane customers-list" aria-labelledby="customers-title">
        <div class="panel">
          <h1 id="customers-title" class="panel-title">{t('cs.title')}</h1>
          <input type="search" data-testid="customer-search" data-shortcut="search" class="customers-search" value={text} maxLength={200}
            aria-label={t('cs.search')} placeholder={t('cs.placeholder')} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div aria-live="polite">
          {state.status === 'idle' && <p class="muted customers-note">{t('cs.hint')}</p>}
          {state.status === 'loading' && <p class="muted customers-note">{t('cs.searching')}</p>}
          {state.status === 'failed' && <p class="field-error customers-note" role="alert">{t('cs.failed')}</p>}
          {state.status === 'done' && (state.customers.length === 0 ? (
            <p class="muted customers-note">{t('cs.none')}</p>
          ) : (
            <>
              <h2 class="sr-only">{t('cs.results', { n: state.customers.length })}</h2>
              <ul class="customers-results" data-testid="customer-results">
                {state.customers.map((c) => (
                  <li key={c.id}>
                    <button type="button" class={`customer-hit${c.id === customerId ? ' current' : ''}`} data-testid="customer-result" data-customer-id={c.id}
                      aria-current={c.id === customerId ? 'true' : undefined} onClick={() => navigate(`#/customers/${encodeURIComponent(c.id)}`)}>
                      <span class="customer-hit-name">{customerLabel(t, c)}</span>
                      {c.email && <span class="muted small">{t('customer.email')}: {c.email}</span>}
                      {c.phone && <span class="muted small">{t('customer.phone')}: {c.phone}</span>}
                      {c.company && <span class="muted small">{t('cs.company')}: {c.company}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ))}
        </div>
        {/* Same rule as the server's import route: supervisors and admins. */}
        {me.role !== 'agent' && <PurchaseImport />}
      </section>
      <main class="page customers-detail" aria-label={t('customer.title')}>
        {customerId ? (
          <CustomerPanel key={customerId} customerId={customerId} currentId="" onOpen={(id) => navigate(`#/inbox/${encodeURIComponent(id)}`)} />
        ) : (
          <p class="muted">{t('cs.pick')}</p>
        )}
      </main>
    </div>
  );
}
