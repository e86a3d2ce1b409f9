/** Paths the end-to-end suites share: `SHARED_DIR` (default ../shared) and `CORPUS_DIR` (default its corpus). */
import { resolve } from 'node:path';
import { ROOT } from '../../scripts/lib/dataset';

export const SHARED_DIR = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
export const ARTICLES_DIR = resolve(SHARED_DIR, 'articles');
export const CORPUS_DIR = resolve(ROOT, process.env.CORPUS_DIR ?? resolve(SHARED_DIR, 'corpus/pages'));
