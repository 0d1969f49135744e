// The members of a set that an object graph reaches: which of a scan's examples the head of its result (wire.ts)
// holds somewhere in its tables, so that only those travel inside it as objects (their identity with the head's
// tables kept) and the rest, the examples of per-IP rows, travel as flat values.
//
// Generic on purpose: the aggregate has a hundred fields and new ones come with new rules; a walk that knows none
// of them cannot miss one. Plain objects, arrays, Maps (keys and values) and Sets are followed, each object once.

/** The objects of `wanted` reachable from `root`. */
export function reachedFrom(root: unknown, wanted: ReadonlySet<object> | ReadonlyMap<object, unknown>): Set<object> {
  const found = new Set<object>();
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (wanted.has(v)) {
      found.add(v);
      continue; // an example holds numbers and its text only
    }
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
    } else if (v instanceof Map) {
      for (const [k, x] of v) {
        if (typeof k === 'object' && k !== null) stack.push(k);
        if (typeof x === 'object' && x !== null) stack.push(x);
      }
    } else if (v instanceof Set) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
    } else if (!ArrayBuffer.isView(v)) {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' && x !== null) stack.push(x);
      }
    }
  }
  return found;
}
