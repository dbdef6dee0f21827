import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { slackInstallations, slackOrgTeams } from '../../src/db/schema.js';

/** Org-wide (Enterprise Grid) installs are keyed by enterprise id, every other by team id. */
export function installationKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string | null {
  if (q.isEnterpriseInstall && q.enterpriseId) return q.enterpriseId;
  return q.teamId ?? null;
}

export class NoInstallationError extends Error {
  override name = 'NoInstallationError';
}

/**
 * Bolt's installation store over our `slack_installations` table: one row per workspace (or per
 * org for org-wide installs), replaced on reinstall. The row holds the bot token; the database
 * is the one secret store paperbot has, so it gets the same care as SLACK_BOT_TOKEN.
 */
export function createInstallationStore(db: Db): InstallationStore {
  // Every request asks; write a team's org once per process, not once per request.
  const orgTeams = new Map<string, string>();
  const rememberOrgTeam = async (teamId: string, enterpriseId: string) => {
    if (orgTeams.get(teamId) === enterpriseId) return;
    await db.insert(slackOrgTeams).values({ teamId, enterpriseId }).onConflictDoUpdate({ target: slackOrgTeams.teamId, set: { enterpriseId } });
    orgTeams.set(teamId, enterpriseId);
  };
  return {
    async storeInstallation(installation) {
      const isOrg = Boolean(installation.isEnterpriseInstall && installation.enterprise?.id);
      const id = installationKey({ isEnterpriseInstall: isOrg, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
      if (!id) throw new Error('installation has neither a team nor an enterprise id');
      const row = {
        id,
        teamId: isOrg ? null : (installation.team?.id ?? null),
        enterpriseId: installation.enterprise?.id ?? null,
        installation: installation as unknown as Record<string, unknown>,
      };
      await db
        .insert(slackInstallations)
        .values(row)
        .onConflictDoUpdate({ target: slackInstallations.id, set: { ...row, updatedAt: sql`now()` } });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      const rows = id ? await db.select().from(slackInstallations).where(eq(slackInstallations.id, id)).limit(1) : [];
      if (!rows[0]) throw new NoInstallationError(`no Slack installation for ${query.isEnterpriseInstall ? 'enterprise' : 'team'} ${id ?? '(none)'}`);
      // Slack itself says this team is in this org: the one place a team learns its org's token.
      if (query.isEnterpriseInstall && query.enterpriseId && query.teamId) await rememberOrgTeam(query.teamId, query.enterpriseId);
      return rows[0].installation as Installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      if (!id) return;
      await db.delete(slackInstallations).where(eq(slackInstallations.id, id));
      if (query.isEnterpriseInstall) await db.delete(slackOrgTeams).where(eq(slackOrgTeams.enterpriseId, id));
      orgTeams.clear();
    },
  };
}

/**
 * The bot token for a workspace, or null when the app is not installed there. Only the token
 * issued for it: its own installation, or the org-wide (Enterprise Grid) installation of the org
 * Slack told us it belongs to (slack_org_teams). Never another team's or org's token.
 */
export async function botTokenFor(db: Db, teamId: string): Promise<string | null> {
  const own = await db
    .select()
    .from(slackInstallations)
    .where(and(eq(slackInstallations.id, teamId), eq(slackInstallations.teamId, teamId)))
    .limit(1);
  const row =
    own[0] ??
    (
      await db
        .select({ installation: slackInstallations.installation })
        .from(slackOrgTeams)
        .innerJoin(slackInstallations, and(eq(slackInstallations.id, slackOrgTeams.enterpriseId), isNull(slackInstallations.teamId)))
        .where(eq(slackOrgTeams.teamId, teamId))
        .limit(1)
    )[0];
  return (row?.installation as Installation | undefined)?.bot?.token ?? null;
}
