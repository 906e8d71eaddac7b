/**
 * Deterministic pseudo-random numbers for fault injection and the synthetic site generator.
 * mulberry32: 32-bit state, full period 2^32, good enough statistical quality for test data, and fast.
 * Never use Math.random in the emulated site: the same seed must replay the same faults and the same data.
 */

/** FNV-1a 32-bit hash: turns a string seed (or any label) into a 32-bit unsigned integer. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Accepts a number (its low 32 bits are used) or a string (hashed). */
export function seedToUint32(seed: number | string): number {
  if (typeof seed === 'string') return hash32(seed);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  return Math.trunc(seed) >>> 0;
}

export class Prng {
  private state: number;

  constructor(seed: number | string) {
    this.state = seedToUint32(seed);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** The internal state, so a caller can checkpoint and restore a stream. */
  snapshot(): number {
    return this.state;
  }
}
