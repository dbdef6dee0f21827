/**
 * English function words dropped from the index and from queries. A short fixed list rather than an
 * npm package: the Snowball/Lucene-style lists differ by a handful of words, and we need a few of our
 * own (boolean words people paste, "via", "towards"). Content words such as "model" are NOT here:
 * BM25's idf already makes them cheap, and dropping them would break queries like "model merging".
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have having
  he her here hers herself him himself his how i if in into is it its itself just let me more most my myself
  no nor not of off on once only or other our ours ourselves out over own same she should so some such than
  that the their theirs them themselves then there these they this those through to too under until up upon
  us very via vs was we were what when where which while who whom why will with within without would you
  your yours yourself yourselves towards toward dont doesnt isnt arent cannot cant wont etc eg ie`
    .split(/\s+/)
    .filter(Boolean),
);
