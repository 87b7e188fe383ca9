/** A next page of a paged list appended: the server's order kept, an item already shown (same id) not twice. Pure: no Taro. */
export function appendById<T extends { id: string }>(list: readonly T[], more: readonly T[]): T[] {
  const seen = new Set(list.map((item) => item.id))
  const out = [...list]
  for (const item of more) {
    if (seen.has(item.id)) continue
    seen.add(item.id)
    out.push(item)
  }
  return out
}
