import type { PaperChange } from './library/follow-ups.js';

/** Things the core announces to whoever runs it (jobs reconcile schedules on channel changes). */
export interface AppEvents {
  channelChanged: [channelId: number];
  papersAdded: [ids: string[]];
  /** A digest composed outside the digest job (`/papers digest now`): the jobs layer delivers it. */
  digestComposed: [digestId: number];
  /** Papers that gained a new version or a code link: the jobs layer posts the follow-ups. */
  papersChanged: [changes: PaperChange[]];
}
