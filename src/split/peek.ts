// The first bytes of a stream of chunks, read to tell what it holds (journal-format.ts), and the stream again from
// its start: nothing read to look is lost.

/** At least `n` bytes of `content` (fewer when it ends first) and the whole content, those bytes included. */
export async function peek(content: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; content: AsyncIterable<Buffer> }> {
  const it = content[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let bytes = 0;
  let ended = false;
  // A stream that fails within its first bytes (a small .gz or .xz cut short, a stray tail too long after it): the
  // bytes before the failure are given first, then the failure, as a longer stream's (--allow-partial reports them).
  let failure: { error: unknown } | null = null;
  while (bytes < n) {
    let r: IteratorResult<Buffer>;
    try {
      r = await it.next();
    } catch (error) {
      failure = { error };
      break;
    }
    if (r.done === true) { ended = true; break; }
    // A chunk may be a view the stream overwrites for the next one (read-stream.ts): kept as a copy.
    const c = Buffer.from(r.value);
    seen.push(c);
    bytes += c.length;
  }
  async function* again(): AsyncGenerator<Buffer> {
    yield* seen;
    if (failure !== null) throw failure.error;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield r.value;
    }
  }
  return { head: Buffer.concat(seen), content: again() };
}
