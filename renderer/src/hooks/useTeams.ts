// The signed-in user's teams with where each keeps its files.
import type { Team } from '../../../shared/ipc/index';
import { request, useBridge } from '../bridge';
import { useLoad, type Loaded } from './useLoad';

/** Loads the teams once per profile; `reload` after an admin creates a team. */
export function useTeams(profileId: string): Loaded<Team[]> {
  const bridge = useBridge();
  return useLoad(async () => (await request(bridge.teams.list())).teams, `teams:${profileId}`);
}
