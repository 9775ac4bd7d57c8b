/**
 * Whether an entry for Medusa's caching module can be invalidated by a change, and so may be kept.
 *
 * Medusa tags an entry after the records it holds, and a change clears the tags of the records it
 * touched. An empty result holds no records and gets no tags: no change could ever clear it. A
 * promotion code a buyer tried before the merchant created it stayed unknown for the entry's whole
 * life (an hour), and so would any lookup that first found nothing. Such an entry is kept only when
 * its caller said it clears the entry itself (`autoInvalidate: false`).
 */
export function invalidatable(entry: {
  tags?: string[]
  options?: { autoInvalidate?: boolean }
}): boolean {
  return Boolean(entry.tags?.length) || entry.options?.autoInvalidate === false
}
