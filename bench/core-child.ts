/**
 * Child-process entry of the core-scale bench: `node --import tsx --expose-gc bench/core-child.ts <S|M|L>
 * <seed> <repeats>`. Prints one JSON line (CoreScaleResult) on stdout.
 */
import { measureCoreScale } from './core-scale';

const [size, seed, repeats] = process.argv.slice(2);
if (size !== 'S' && size !== 'M' && size !== 'L') {
  console.error('usage: core-child.ts <S|M|L> <seed> <repeats>');
  process.exit(2);
}
const result = measureCoreScale(size, Number(seed ?? 1), Number(repeats ?? 3));
process.stdout.write(`${JSON.stringify(result)}\n`);
