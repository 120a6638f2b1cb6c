/**
 * One burst re-score per folder at a time: two overlapping regions re-scored at once would race to write the same
 * frames' XMP. The companion is one process (the data folder's lock), so an in-memory queue per folder is enough.
 */
const tails = new Map<string, Promise<unknown>>();

export function inFolderTurn<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const before = tails.get(folder) ?? Promise.resolve();
  const mine = before.then(work, work);
  const tail = mine.catch(() => undefined);
  tails.set(folder, tail);
  void tail.then(() => {
    if (tails.get(folder) === tail) tails.delete(folder);
  });
  return mine;
}
