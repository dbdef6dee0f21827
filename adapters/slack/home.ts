import type { App as BoltApp, types, webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { toCard, shortAuthors } from '../../src/reply/cards.js';
import { workspaceDigests } from '../../src/channels/channels.js';
import { listBookmarks } from '../../src/library/bookmarks.js';
import { ACTION, LIMITS, link, mrkdwn, type Block } from './blocks.js';
import { PLATFORM } from './post.js';
import type { WorkQueue } from './work-queue.js';

const SHOWN_BOOKMARKS = 40;
const SHOWN_CHANNELS = 30;

const note = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: text.slice(0, LIMITS.headerText), emoji: true } });

/** App Home: the user's bookmarks (with Remove buttons) and the workspace's digest channels. */
export async function buildHomeView(core: App, workspaceId: string, userId: string): Promise<types.HomeView> {
  const saved = await listBookmarks(core.db, { platform: PLATFORM, workspaceId, userId }, SHOWN_BOOKMARKS + 1);
  const digests = await workspaceDigests(core.db, { platform: PLATFORM, workspaceId });
  const blocks: Block[] = [header(':bookmark: Your bookmarks')];
  if (saved.length === 0) {
    blocks.push(note('Nothing saved yet. React with :bookmark: on a paper the bot posted, or press *Bookmark* under a search result.'));
  }
  for (const { paper, savedAt } of saved.slice(0, SHOWN_BOOKMARKS)) {
    const c = toCard(paper);
    const facts = [c.authors.length ? mrkdwn(shortAuthors(c.authors), 200) : null, `saved ${savedAt.toISOString().slice(0, 10)}`].filter(Boolean);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${link(c.url, c.title, 300)}*\n${facts.join(' · ')}` },
      accessory: { type: 'button', action_id: ACTION.unbookmark, text: { type: 'plain_text', text: 'Remove' }, value: c.paperId },
    });
  }
  if (saved.length > SHOWN_BOOKMARKS) blocks.push(note('More saved papers: `/papers bookmarks` lists and searches them all.'));

  blocks.push({ type: 'divider' }, header(':newspaper: Channel digests in this workspace'));
  if (digests.length === 0) {
    blocks.push(note('No channel follows a topic yet. In a channel, try `/papers subscribe diffusion models`.'));
  }
  for (const d of digests.slice(0, SHOWN_CHANNELS)) {
    // Channel ids come from Slack (C…/G…), never from paper text; anything else is shown escaped.
    const where = /^[CGD][A-Z0-9]{2,}$/.test(d.channelId) ? `<#${d.channelId}>` : mrkdwn(d.channelId, 40);
    const topics = mrkdwn(d.topics.join(', '), 1_500);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${where}: ${topics}\n${mrkdwn(`${d.time} ${d.timezone}, ${d.days}`, 100)}` } });
  }
  if (digests.length > SHOWN_CHANNELS) blocks.push(note(`${digests.length - SHOWN_CHANNELS} more channels follow topics.`));
  return { type: 'home', blocks };
}

export async function publishHome(core: App, queue: WorkQueue, client: webApi.WebClient, workspaceId: string, userId: string): Promise<void> {
  const view = await queue.run(() => buildHomeView(core, workspaceId, userId));
  await client.views.publish({ user_id: userId, view });
}

/** Refresh the Home tab each time it is opened. */
export function registerHome(bolt: BoltApp, core: App, queue: WorkQueue): void {
  bolt.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    try {
      await queue.track(() => publishHome(core, queue, client, body.team_id, event.user));
    } catch (err) {
      core.log.error({ err }, 'app home publish failed');
    }
  });
}
