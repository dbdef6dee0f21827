/** What the core answers: plain data that each adapter renders its own way. */
export interface Reply {
  text: string;
  cards: PaperCard[];
  /** Message-level buttons (share to channel, ...). Every card also gets bookmark, similar and less like this. */
  actions: ReplyAction[];
  /** private: only the asker sees it (Slack ephemeral, Discord ephemeral). */
  visibility: 'private' | 'channel';
  /** 'thread': digest-shaped, posted as a header and one paper a message under it (delivery/publish.ts). */
  layout?: 'thread';
  /** A file to attach, e.g. a BibTeX export. */
  file?: { filename: string; title: string; content: string };
}

export interface PaperCard {
  paperId: string;
  title: string;
  url: string | null;
  authors: string[];
  tldr: string | null;
  keyResult: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  upvotes: number;
  stars: number;
  codeUrl: string | null;
  /** Short reasons a person checks at a glance: "matches lora", "42 upvotes". */
  why: string[];
}

/** less: "less like this", a negative label for the channel's taste. */
export type ActionKind = 'bookmark' | 'unbookmark' | 'similar' | 'less' | 'share';

export interface ReplyAction {
  kind: ActionKind;
  label: string;
  /** paper id for bookmark/similar; the original command text for share. */
  value: string;
}

export function textReply(text: string, visibility: Reply['visibility'] = 'private'): Reply {
  return { text, cards: [], actions: [], visibility };
}
