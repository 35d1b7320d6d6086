"""Encodes the texts dump.ts wrote: each text's first 4 windows of 126 word pieces (every 96), one unit vector per
window. Every eval and training case; 1,500 documentation chunks of each half (encoding all 16k would take hours
on 2 cores). Usage: python embed.py TEXTS.jsonl EMB.pkl   (~25 min on 2 cores)"""
import json, pickle, random, sys, time
from encoder import TOKENIZER, embed_ids

WIN, STRIDE, MAX_WINDOWS, DOCS = 126, 96, 4, 1500
texts = [json.loads(l) for l in open(sys.argv[1])]
random.seed(1)
docs_train = [i for i, s in enumerate(texts) if s["id"] == "doc" and s["group"] == "train"]
docs_held = [i for i, s in enumerate(texts) if s["prov"] == "docs"]
chosen = [i for i, s in enumerate(texts) if s["id"] != "doc"] + random.sample(docs_train, min(DOCS, len(docs_train))) + random.sample(docs_held, min(DOCS, len(docs_held)))
items = []
for i in chosen:
    ids = TOKENIZER.encode(texts[i]["text"][:6000]).ids[1:-1] or [100]
    spans = [(0, len(ids))] if len(ids) <= WIN else [(a, min(len(ids), a + WIN)) for a in range(0, len(ids) - WIN // 3, STRIDE)][:MAX_WINDOWS]
    items += [(i, [101] + ids[a:b] + [102]) for a, b in spans]
items.sort(key=lambda it: len(it[1]))  # batches of similar length waste little on padding
print(f"{len(chosen)} texts, {len(items)} windows, {sum(len(t) for _, t in items)} word pieces", flush=True)
out, t0 = {}, time.time()
for k in range(0, len(items), 32):
    batch = items[k:k + 32]
    for (i, _), e in zip(batch, embed_ids([t for _, t in batch])):
        out.setdefault(i, []).append(e)
    if k % 6400 == 0:
        print(f"{k}/{len(items)} windows, {time.time() - t0:.0f} s", flush=True)
pickle.dump({i: __import__("numpy").array(v) for i, v in out.items()}, open(sys.argv[2], "wb"))
