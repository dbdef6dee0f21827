// Platform installations (today Slack's OAuth installs): the rows that hold a workspace's bot
// token. Core owns the tables; the Slack adapter translates Bolt's InstallationStore onto these.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { slackInstallations, slackOrgTeams } from '../db/schema.js';

/** What the platform gave us at install time, stored as it came (it holds the bot token). */
export type InstallationRecord = Record<string, unknown>;

export interface InstallationRow {
  /** The team id, or the enterprise id for an org-wide install. */
  id: string;
  /** Null for an org-wide install. */
  teamId: string | null;
  enterpriseId: string | null;
  installation: InstallationRecord;
}

/** Store an installation, replacing the one it reinstalls. */
export async function saveInstallation(db: Db, row: InstallationRow): Promise<void> {
  await db
    .insert(slackInstallations)
    .values(row)
    .onConflictDoUpdate({ target: slackInstallations.id, set: { ...row, updatedAt: sql`now()` } });
}

export async function findInstallation(db: Db, id: string): Promise<InstallationRecord | null> {
  const rows = await db.select().from(slackInstallations).where(eq(slackInstallations.id, id)).limit(1);
  return (rows[0]?.installation as InstallationRecord | undefined) ?? null;
}

/** Remove an installation; an org-wide one also forgets which teams it covered. */
export async function removeInstallation(db: Db, id: string, orgWide: boolean): Promise<void> {
  await db.delete(slackInstallations).where(eq(slackInstallations.id, id));
  if (orgWide) await db.delete(slackOrgTeams).where(eq(slackOrgTeams.enterpriseId, id));
}

/** The platform itself said this team belongs to this org (the one way a team gets its org's token). */
export async function rememberOrgTeam(db: Db, teamId: string, enterpriseId: string): Promise<void> {
  await db.insert(slackOrgTeams).values({ teamId, enterpriseId }).onConflictDoUpdate({ target: slackOrgTeams.teamId, set: { enterpriseId } });
}

/**
 * The installation issued for a team: its own, or the org-wide one of the org it was seen in.
 * Never another team's or org's.
 */
export async function installationForTeam(db: Db, teamId: string): Promise<InstallationRecord | null> {
  const own = await db
    .select({ installation: slackInstallations.installation })
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
  return (row?.installation as InstallationRecord | undefined) ?? null;
}
