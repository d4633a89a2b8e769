// The `teams` namespace: the signed-in user's teams with where each keeps its files.
import type { IpcContract, Team } from '../../../shared/ipc/index';
import type { SessionState } from './session';
import type { NamespaceService } from './types';
import { fetchViewer } from './viewer';

export class TeamsService implements NamespaceService<IpcContract['teams']> {
  constructor(private readonly session: SessionState) {}

  async list(): Promise<{ teams: Team[] }> {
    const { teams } = await fetchViewer(this.session.client());
    return { teams: [...teams].sort((a, b) => a.name.localeCompare(b.name)) };
  }
}
