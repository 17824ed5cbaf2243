// Admin > Routing: team hours and overflow, SLA policies, triage threshold, agent capacity.
import { useEffect, useState } from 'preact/hooks';
import { opsApi } from '../../api-ops.js';
import { useI18n } from '../../context.js';
import type { AgentRouting, SlaPolicy, TeamRouting } from '../../types-ops.js';
import { AgentCapacity } from './AgentCapacity.js';
import { SlaPolicies, TriageForm } from './SlaTriage.js';
import { TeamRoutingForm } from './TeamRoutingForm.js';

interface Data { teams: TeamRouting[]; agents: AgentRouting[]; policies: SlaPolicy[]; threshold: number }

export function RoutingSection() {
  const { t } = useI18n();
  const [data, setData] = useState<Data | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    Promise.all([opsApi.teamRouting(), opsApi.agentRouting(), opsApi.slaPolicies(), opsApi.triage()])
      .then(([a, b, c, d]) => setData({ teams: a.teams, agents: b.agents, policies: c.policies, threshold: d.threshold }))
      .catch(() => setFailed(true));
  }, []);
  return (
    <section class="card" aria-labelledby="routing-title" data-testid="routing-section">
      <h2 class="card-title" id="routing-title">{t('rt.title')}</h2>
      {failed && <p class="form-error" role="alert">{t('error.load')}</p>}
      {!data ? !failed && <p class="muted">{t('conversation.loading')}</p> : (
        <>
          <div class="team-routing-list">
            {data.teams.map((tm) => (
              <TeamRoutingForm key={tm.id} team={tm} onSaved={(x) => setData((d) => d && { ...d, teams: d.teams.map((y) => (y.id === x.id ? x : y)) })} />
            ))}
          </div>
          <SlaPolicies policies={data.policies} />
          <TriageForm threshold={data.threshold} />
          <AgentCapacity agents={data.agents} />
        </>
      )}
    </section>
  );
}
