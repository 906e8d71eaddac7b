/**
 * Child-process entry of the chunked core bench (bench/core-chunked.ts):
 *  - `node --import tsx --expose-gc bench/core-chunked-child.ts evaluate <chunk file> <findings file> <repeats>`
 *  - `node --import tsx --expose-gc bench/core-chunked-child.ts plan <chunk file> <findings file> <repeats>`
 * Prints one JSON line (EvaluateResult or PlanResult) on stdout.
 */
import { measureChunkedEvaluate, measureChunkedPlan } from './core-chunked';

const [phase, file, findingsFile, repeats] = process.argv.slice(2);
if ((phase !== 'evaluate' && phase !== 'plan') || file === undefined || findingsFile === undefined) {
  console.error('usage: core-chunked-child.ts evaluate|plan <chunk file> <findings file> <repeats>');
  process.exit(2);
}
const measure = phase === 'evaluate' ? measureChunkedEvaluate : measureChunkedPlan;
process.stdout.write(`${JSON.stringify(measure(file, findingsFile, Number(repeats ?? 3)))}\n`);
