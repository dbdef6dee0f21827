import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { findInstallation, installationForTeam, rememberOrgTeam, removeInstallation, saveInstallation } from '../../src/installations/installations.js';

type Db = App['db'];

/** Org-wide (Enterprise Grid) installs are keyed by enterprise id, every other by team id. */
export function installationKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string | null {
  if (q.isEnterpriseInstall && q.enterpriseId) return q.enterpriseId;
  return q.teamId ?? null;
}

export class NoInstallationError extends Error {
  override name = 'NoInstallationError';
}

/**
 * Bolt's installation store over the core's installations: one per workspace (or per org for
 * org-wide installs), replaced on reinstall. The row holds the bot token; the database is the one
 * secret store paperbot has, so it gets the same care as SLACK_BOT_TOKEN.
 */
export function createInstallationStore(db: Db): InstallationStore {
  // Every request asks; write a team's org once per process, not once per request.
  const orgTeams = new Map<string, string>();
  const rememberOnce = async (teamId: string, enterpriseId: string) => {
    if (orgTeams.get(teamId) === enterpriseId) return;
    await rememberOrgTeam(db, teamId, enterpriseId);
    orgTeams.set(teamId, enterpriseId);
  };
  return {
    async storeInstallation(installation) {
      const isOrg = Boolean(installation.isEnterpriseInstall && installation.enterprise?.id);
      const id = installationKey({ isEnterpriseInstall: isOrg, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
      if (!id) throw new Error('installation has neither a team nor an enterprise id');
      await saveInstallation(db, {
        id,
        teamId: isOrg ? null : (installation.team?.id ?? null),
        enterpriseId: installation.enterprise?.id ?? null,
        installation: installation as unknown as Record<string, unknown>,
      });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      const found = id ? await findInstallation(db, id) : null;
      if (!found) throw new NoInstallationError(`no Slack installation for ${query.isEnterpriseInstall ? 'enterprise' : 'team'} ${id ?? '(none)'}`);
      // Slack itself says this team is in this org: the one place a team learns its org's token.
      if (query.isEnterpriseInstall && query.enterpriseId && query.teamId) await rememberOnce(query.teamId, query.enterpriseId);
      return found as unknown as Installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      if (!id) return;
      await removeInstallation(db, id, Boolean(query.isEnterpriseInstall));
      orgTeams.clear();
    },
  };
}

/**
 * The bot token for a workspace, or null when the app is not installed there. Only the token
 * issued for it: its own installation, or the org-wide (Enterprise Grid) installation of the org
 * Slack told us it belongs to. Never another team's or org's token.
 */
export async function botTokenFor(db: Db, teamId: string): Promise<string | null> {
  const installation = (await installationForTeam(db, teamId)) as unknown as Installation | null;
  return installation?.bot?.token ?? null;
}
