/** A paper's one-line TL;DR and, where the abstract has one, its key result. */
export interface Summary {
  tldr: string | null;
  keyResult: string | null;
}

export interface SummaryInput {
  title: string;
  abstract: string;
}
