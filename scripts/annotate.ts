/**
 * `npm run --silent annotate -- FILE` (.txt or .html): prints every mention, as JSON
 * `{"entries":[{"id","text","start","end"}],"claims":[{"id","text","start","end"}]}`, with UTF-16 offsets into the
 * text (for HTML, into `document.documentElement.textContent`). Same reader and matcher as the content script,
 * with every mention kept. Bad input: one line on stderr, exit code 1.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Window } from 'happy-dom';
import { formatProblem } from '../src/core/lint';
import { annotateText, makeAnnotator, type Annotated, type Annotator } from './lib/annotate-core';
import { loadDataset } from './lib/dataset';
import { findArticleRoot, locate, readBlocks } from '../content-scripts/reader';

function die(message: string): never {
  process.stderr.write(`annotate: ${message}\n`);
  process.exit(1);
}

function readInput(file: string | undefined): { kind: 'txt' | 'html'; content: string } {
  if (!file) die('usage: npm run --silent annotate -- FILE (.txt or .html)');
  const ext = extname(file).toLowerCase();
  const kind = ext === '.txt' ? 'txt' : ext === '.html' || ext === '.htm' ? 'html' : null;
  if (!kind) die(`unsupported file type "${ext || '(none)'}" for ${file}: use .txt or .html`);
  try {
    if (!statSync(file).isFile()) die(`not a file: ${file}`);
    return { kind, content: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    die(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Annotates an HTML document: blocks as the content script reads them, offsets into the document's text. */
export function annotateHtml(html: string, annotate: Annotator): Annotated {
  const window = new Window({
    url: 'http://127.0.0.1/',
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true, navigator: { userAgent: 'backstory-annotate' } },
  });
  const doc = window.document as unknown as Document;
  doc.write(html);
  // Offset of every text node in documentElement.textContent (text nodes in tree order).
  const offsets = new Map<Node, number>();
  const walker = doc.createTreeWalker(doc.documentElement, 0x4 /* SHOW_TEXT */);
  let total = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    offsets.set(n, total);
    total += (n as Text).data.length;
  }
  const blocks = [...readBlocks(findArticleRoot(doc))];
  const result = annotate(blocks.map((b) => b.text));
  const toGlobal = (blockIndex: number, offset: number, isEnd: boolean): number => {
    const block = blocks[blockIndex];
    const at = locate(block, isEnd ? offset - 1 : offset);
    return offsets.get(block.nodes[at.index])! + at.offset + (isEnd ? 1 : 0);
  };
  const text = doc.documentElement.textContent ?? '';
  const map = <T extends { block: number; start: number; end: number; id: string }>(items: T[]) =>
    items.map((m) => {
      const start = toGlobal(m.block, m.start, false);
      const end = toGlobal(m.block, m.end, true);
      return { id: m.id, text: text.slice(start, end), start, end };
    });
  const out = { entries: map(result.entries), claims: map(result.claims) };
  void window.happyDOM.close();
  return out;
}

async function main(): Promise<void> {
  const input = readInput(process.argv[2]);
  const data = loadDataset();
  const fatal = data.problems.filter((p) => p.field === '(json)');
  if (fatal.length) die(`dataset unreadable: ${formatProblem(fatal[0])}`);
  const annotate = makeAnnotator(data);
  const result = input.kind === 'txt' ? annotateText(input.content, annotate) : annotateHtml(input.content, annotate);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => die((err as Error).message));
