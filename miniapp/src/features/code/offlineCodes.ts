/**
 * The offline code batch kept in storage: fetched while online (on the code page and
 * the home page, when the kept one is old or nearly used up), taken from when a code
 * cannot be fetched for network reasons. Each code is shown once.
 */
import { issueOfflineCodes } from './api'
import { OFFLINE_CODES_KEY, storage } from '../../shared/platform/storage'
import { batchNeedsRefresh, storedBatch, takeOfflineCode, type ShownCode, type StoredBatch } from './dynamicCode'

export function keptBatch(): StoredBatch | undefined {
  const b = storage.get<StoredBatch>(OFFLINE_CODES_KEY)
  return b && typeof b.batchId === 'string' && Array.isArray(b.codes) ? b : undefined
}

export function forgetOfflineCodes(): void {
  storage.remove(OFFLINE_CODES_KEY)
}

let fetching: Promise<void> | undefined

/**
 * Fetches a new batch when the kept one is missing, old or nearly used up (a new batch
 * voids the previous one on the server). Failures are ignored: it is a best effort.
 */
export function refreshOfflineCodes(force = false): Promise<void> {
  if (!force && !batchNeedsRefresh(keptBatch(), Date.now())) return Promise.resolve()
  if (!fetching) {
    fetching = issueOfflineCodes()
      .then((res) => {
        if (res && Array.isArray(res.codes) && res.codes.length > 0) storage.set(OFFLINE_CODES_KEY, storedBatch(res, Date.now()))
      })
      .catch(() => undefined)
      .finally(() => {
        fetching = undefined
      })
  }
  return fetching
}

/** The next unused offline code (marked used in storage), or undefined when none is left. */
export function nextOfflineCode(): ShownCode | undefined {
  const { batch, shown } = takeOfflineCode(keptBatch(), Date.now())
  if (shown && batch) storage.set(OFFLINE_CODES_KEY, batch)
  return shown
}
