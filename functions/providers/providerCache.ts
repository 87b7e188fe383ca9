/**
 * One provider client per channel configuration per container, for the face, login,
 * payment and push registries. The key is everything the client is built from, so an
 * operator's change (new secrets are a new ciphertext) is a new entry; the oldest entry
 * goes when `maxEntries` are held; a build that fails is forgotten, so the next call tries
 * again instead of every call in the container failing on a cached rejection.
 */
export type ProviderCache<T> = (keyParts: readonly (string | undefined)[], build: () => Promise<T>) => Promise<T>;

export function providerCache<T>(maxEntries = 256): ProviderCache<T> {
  const entries = new Map<string, Promise<T>>();
  return (keyParts, build) => {
    const key = keyParts.map((p) => p ?? '').join('\n');
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entry = build();
      entry.catch(() => entries.delete(key));
      entries.set(key, entry);
    }
    return entry;
  };
}
