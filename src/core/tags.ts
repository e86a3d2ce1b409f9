/** Our own elements in the page: never read, never highlighted again. */
export const MARK_TAG = 'backstory-mark';
export const HOST_TAG = 'backstory-card';
