// A reader that never stops allocating: what a file needing more than the reader's heap does.
const kept = [];
for (;;) kept.push(new Array(100_000).fill(kept.length));
