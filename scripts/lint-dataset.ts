/** `npx tsx scripts/lint-dataset.ts`: checks the dataset and prints every problem; exit 1 if any. */
import { formatProblem } from '../src/core/lint';
import { loadDataset } from './lib/dataset';

const { entries, claims, problems } = loadDataset();
for (const p of problems) console.error(formatProblem(p));
console.log(`${entries.length} entries, ${claims.length} claims, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
