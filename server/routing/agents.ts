// Agents as the router sees them: presence, per-channel capacity and load, team membership.
// Picks the least-loaded online agent with capacity on a channel; round robin breaks ties.

export interface AgentInfo {
  id: string;
  online: boolean;
  /** Concurrent conversations allowed per channel, e.g. {"webchat":3,"email":10}. */
  capacity: Record<string, number>;
  teamIds: string[];
}

/** Capacity on a channel; a channel missing from the JSON gets the schema's usual 3. */
export function capacityFor(capacity: unknown, channel: string): number {
  const value = (capacity as Record<string, unknown> | null)?.[channel];
  return typeof value === 'number' && value >= 0 ? value : 3;
}

export class AgentBook {
  private agents = new Map<string, AgentInfo>();
  /** Sorted member ids per team: a stable order makes round robin fair and deterministic. */
  private members = new Map<string, string[]>();
  /** agentId -> channel -> conversations counting against capacity (open or pending). */
  private loads = new Map<string, Map<string, number>>();
  /** The agent who got the team's last conversation; the next tie goes to the one after. */
  private lastPicked = new Map<string, string>();

  set(agent: AgentInfo): void {
    this.remove(agent.id);
    this.agents.set(agent.id, { ...agent, capacity: { ...agent.capacity }, teamIds: [...agent.teamIds] });
    for (const t of agent.teamIds) {
      const ids = this.members.get(t) ?? [];
      ids.push(agent.id);
      ids.sort();
      this.members.set(t, ids);
    }
  }

  remove(agentId: string): void {
    const old = this.agents.get(agentId);
    if (!old) return;
    this.agents.delete(agentId);
    for (const t of old.teamIds) this.members.set(t, (this.members.get(t) ?? []).filter((id) => id !== agentId));
  }

  get(agentId: string): AgentInfo | undefined {
    return this.agents.get(agentId);
  }

  all(): AgentInfo[] {
    return [...this.agents.values()];
  }

  setOnline(agentId: string, online: boolean): void {
    const a = this.agents.get(agentId);
    if (a) a.online = online;
  }

  teamsOf(agentId: string): string[] {
    return this.agents.get(agentId)?.teamIds ?? [];
  }

  onlineIn(teamId: string): number {
    return (this.members.get(teamId) ?? []).filter((id) => this.agents.get(id)?.online).length;
  }

  load(agentId: string, channel?: string): number {
    const byChannel = this.loads.get(agentId);
    if (!byChannel) return 0;
    if (channel) return byChannel.get(channel) ?? 0;
    let n = 0;
    for (const v of byChannel.values()) n += v;
    return n;
  }

  loadsOf(agentId: string): Record<string, number> {
    return Object.fromEntries(this.loads.get(agentId) ?? []);
  }

  addLoad(agentId: string, channel: string, delta: number): void {
    let byChannel = this.loads.get(agentId);
    if (!byChannel) this.loads.set(agentId, (byChannel = new Map()));
    const next = Math.max(0, (byChannel.get(channel) ?? 0) + delta);
    if (next === 0) byChannel.delete(channel);
    else byChannel.set(channel, next);
  }

  clearLoads(): void {
    this.loads.clear();
  }

  /** The least-loaded online member with room on `channel`; ties rotate after the last pick. */
  pick(teamId: string, channel: string): string | null {
    let least = Infinity;
    let tied: string[] = [];
    for (const id of this.members.get(teamId) ?? []) {
      const a = this.agents.get(id)!;
      if (!a.online) continue;
      const load = this.load(id, channel);
      if (load >= capacityFor(a.capacity, channel)) continue;
      if (load < least) (least = load), (tied = [id]);
      else if (load === least) tied.push(id);
    }
    if (tied.length === 0) return null;
    const last = this.lastPicked.get(teamId);
    return (last !== undefined && tied.find((id) => id > last)) || tied[0]!;
  }

  rememberPick(teamId: string, agentId: string): void {
    this.lastPicked.set(teamId, agentId);
  }
}
