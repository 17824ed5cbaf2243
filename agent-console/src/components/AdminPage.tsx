// Admins: add agents and teams, see and (de)activate users, channels (inboxes) and routing.
import { useI18n, useSession } from '../context.js';
import { api } from '../api.js';
import { CreateTeamForm, CreateUserForm } from './AdminForms.js';
import { ChannelsSection } from './admin/ChannelsSection.js';
import { RoutingSection } from './admin/RoutingSection.js';

export function AdminPage() {
  const { t } = useI18n();
  const { users, teams, me, refreshDirectory, notify } = useSession();
  const teamName = (id: string) => teams.find((x) => x.id === id)?.name ?? id;

  async function toggleActive(id: string, active: boolean) {
    try {
      await api.updateUser(id, { active });
      await refreshDirectory();
    } catch (err) {
      notify(`${t('action.failed')}: ${(err as Error).message}`);
    }
  }

  return (
    <main class="page" aria-labelledby="admin-title">
      <div class="page-head">
        <h1 id="admin-title">{t('admin.title')}</h1>
      </div>
      <div class="admin-grid">
        <CreateUserForm />
        <CreateTeamForm />
      </div>
      <section class="card">
        <h2 class="card-title">{t('admin.users', { n: users.length })}</h2>
        <div class="table-wrap">
          <table class="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.teams')}</th>
                <th scope="col">{t('admin.presence')}</th>
                <th scope="col">{t('admin.status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user-id={u.id} class={u.active === false ? 'inactive' : ''}>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>{(u.teamIds ?? []).map(teamName).join(', ') || <span class="muted">—</span>}</td>
                  <td><span class={`presence-pill ${u.presence}`}>{t(`presence.${u.presence}`)}</span></td>
                  <td>
                    {u.id === me.id ? (
                      <span class="muted small">{t('admin.you')}</span>
                    ) : (
                      <button type="button" class="btn secondary small" onClick={() => void toggleActive(u.id, u.active === false)}>
                        {u.active === false ? t('admin.activate') : t('admin.deactivate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card">
        <h2 class="card-title">{t('admin.teamList', { n: teams.length })}</h2>
        <ul class="team-list">
          {teams.map((tm) => (
            <li key={tm.id}><strong>{tm.name}</strong> <code>{tm.key}</code> <span class="muted small">{t('admin.members', { n: tm.memberIds.length })}</span></li>
          ))}
        </ul>
      </section>
      <ChannelsSection />
      <RoutingSection />
    </main>
  );
}
