// Each agent's capacity per channel (how many open conversations the router gives them) and skills.
import { useState } from 'preact/hooks';
import { opsApi } from '../../api-ops.js';
import { useI18n } from '../../context.js';
import type { AgentRouting } from '../../types-ops.js';
import { CHANNELS, type Channel } from '../../types.js';
import { parseSkills } from './skills.js';
import { useFieldSave } from './useFieldSave.js';

function AgentRow({ agent }: { agent: AgentRouting }) {
  const { t } = useI18n();
  const [cap, setCap] = useState<Record<string, string>>(() => Object.fromEntries(CHANNELS.map((c) => [c, String(agent.capacity[c] ?? '')])));
  const [skills, setSkills] = useState(() => (Array.isArray(agent.skills) ? agent.skills : []).join(', '));
  const { busy, run, errorFor, error } = useFieldSave();
  function save() {
    const capacity: Partial<Record<Channel, number>> = {};
    for (const c of CHANNELS) if (cap[c] !== '') capacity[c] = Number(cap[c]);
    void run(async () => { await opsApi.saveAgentRouting(agent.id, { capacity, skills: parseSkills(skills) }); }, t('rt.agentSaved', { name: agent.name }));
  }
  const skillsError = errorFor('skills');
  return (
    <tr data-agent-id={agent.id}>
      <th scope="row">{agent.name}<div class="muted small">{t(`role.${agent.role as 'agent'}`)}</div></th>
      {CHANNELS.map((c) => (
        <td key={c}>
          <input type="number" min={1} max={100} step={1} class="num-input small-input" value={cap[c]} data-field={`capacity.${c}`}
            aria-label={`${agent.name} — ${t(`channel.${c}`)}`} aria-invalid={errorFor(`capacity.${c}`) ? 'true' : undefined}
            onInput={(e) => { const x = e.currentTarget.value; setCap((cur) => ({ ...cur, [c]: x })); }} />
          {errorFor(`capacity.${c}`) && <small class="field-error" role="alert">{errorFor(`capacity.${c}`)}</small>}
        </td>
      ))}
      <td>
        <input type="text" class="skills-input" value={skills} data-field="skills" data-testid="agent-skills"
          aria-label={`${agent.name} — ${t('rt.skills')}`} placeholder={t('rt.skillsHint')} title={t('rt.skillsHint')}
          aria-invalid={skillsError ? 'true' : undefined} onInput={(e) => setSkills(e.currentTarget.value)} />
        {skillsError && <small class="field-error" role="alert">{skillsError}</small>}
      </td>
      <td>
        <button type="button" class="btn secondary small" disabled={busy} onClick={save}>{t('rt.save')}</button>
        {error && !error.field?.startsWith('capacity.') && !skillsError && <small class="field-error" role="alert">{error.text}</small>}
      </td>
    </tr>
  );
}

export function AgentCapacity({ agents }: { agents: AgentRouting[] }) {
  const { t } = useI18n();
  return (
    <div class="table-wrap">
      <table class="table" data-testid="agent-capacity">
        <caption class="sub-title">{t('rt.capacity')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rep.agent')}</th>
            {CHANNELS.map((c) => <th key={c} scope="col">{t(`channel.${c}`)}</th>)}
            <th scope="col">{t('rt.skills')}</th>
            <th scope="col"><span class="sr-only">{t('ch.actions')}</span></th>
          </tr>
        </thead>
        <tbody>{agents.map((a) => <AgentRow key={a.id} agent={a} />)}</tbody>
      </table>
    </div>
  );
}
