"""Trains a classifier on the encoder's window vectors (the texts train-model.ts trains on; multiple-instance: an
attack's most attack-like window is its positive, as for the shipped window model) and prints, per held-out group,
what it adds to the shipped detector: alone, and as a confirmer that must agree with the shipped hashed model.
Usage: python confirm.py TEXTS.jsonl EMB.pkl [lr|mlp]"""
import json, pickle, sys
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

texts = [json.loads(l) for l in open(sys.argv[1])]
emb = pickle.load(open(sys.argv[2], "rb"))
kind = sys.argv[3] if len(sys.argv) > 3 else "mlp"
train = [i for i in emb if texts[i]["group"] == "train"]


def fit(x, y, w):
    if kind == "lr":
        m = LogisticRegression(C=4, max_iter=3000); m.fit(x, y, sample_weight=w)
    else:  # MLPClassifier takes no sample weights: attacks' windows are already one per text
        m = MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=80, random_state=0); m.fit(x, y)
    return m


def instances(pick=None):
    x, y, w = [], [], []
    for i in train:
        t, v = texts[i], emb[i]
        if t["y"] == 1:
            ext = 2.0 if t["prov"] == "trained" and t["id"].startswith("ext-") else 1.0  # as EXTERNAL_ATTACK_WEIGHT
            if pick is None:
                x.extend(v); y += [1] * len(v); w += [3.0 * ext / len(v)] * len(v)
            else:
                x.append(v[pick[i]]); y.append(1); w.append(3.0 * ext)
        else:
            x.extend(v); y += [0] * len(v); w += [1.0 / len(v)] * len(v)
    return np.array(x), np.array(y), np.array(w)


model = fit(*instances())
for _ in range(2):
    model = fit(*instances({i: int(np.argmax(model.predict_proba(emb[i])[:, 1])) for i in train if texts[i]["y"] == 1}))
held = [(texts[i], float(model.predict_proba(v)[:, 1].max())) for i, v in emb.items() if texts[i]["group"] != "train"]


def report(title, hit):
    docs = [(t, p) for t, p in held if t["prov"] == "docs"]
    print(f"== {title}: documentation chunks flagged {sum(hit(t, p) for t, p in docs)}/{len(docs)}")
    groups = {}
    for t, p in held:
        if t["prov"] != "docs":
            groups.setdefault((t["prov"], "descriptions" if t["desc"] else "content"), []).append((t, p))
    for (prov, scope), rows in sorted(groups.items()):
        a = [r for r in rows if r[0]["y"] == 1 and r[0]["cls"] in ("indirect_injection", "tool_poisoning")]
        b = [r for r in rows if r[0]["y"] == 0]
        new = lambda rs: sum(1 for t, p in rs if not t["det"] and hit(t, p))
        print(f"  {prov[:44]:44} {scope:12} attacks {len(a):4}: detector {sum(t['det'] for t, _ in a):4}, +{new(a):3} | "
              f"honest {len(b):4}: detector {sum(t['det'] for t, _ in b):3}, +{new(b):3}")


for th in (0.9, 0.97, 0.99):
    report(f"encoder alone above {th}", lambda t, p, th=th: p > th)
for hashed_at, enc_at in ((0.9, 0.9), (0.95, 0.95), (0.99, 0.9)):
    report(f"shipped hashed model above {hashed_at} and encoder above {enc_at}",
           lambda t, p, a=hashed_at, b=enc_at: t["hashed"] is not None and t["hashed"] > a and p > b)
