"""Per held-out group, what the confirmer adds to the shipped detector: as a confirmer of the hashed window model
(both above their thresholds) and alone. Usage: python report.py TEXTS.jsonl SCORES.json (train.py writes both)."""
import json, sys

PAIRS = ((0.9, 0.5), (0.9, 0.8), (0.95, 0.5), (0.99, 0.0))


def report(texts, scores):
    for hashed_at, conf_at in PAIRS:
        hit = lambda t, p: t["hashed"] is not None and t["hashed"] > hashed_at and p > conf_at
        docs = [(t, p) for t, p in zip(texts, scores) if t["prov"] == "docs"]
        print(f"== hashed window model above {hashed_at} and confirmer above {conf_at}: documentation chunks {sum(hit(t, p) for t, p in docs)}/{len(docs)}")
        groups = {}
        for t, p in zip(texts, scores):
            if t["group"] != "train" and t["prov"] != "docs" and not t["desc"]:
                groups.setdefault(t["prov"], []).append((t, p))
        for prov, rows in sorted(groups.items()):
            a = [r for r in rows if r[0]["y"] == 1 and r[0]["cls"] == "indirect_injection"]
            b = [r for r in rows if r[0]["y"] == 0]
            new = lambda rs: sum(1 for t, p in rs if not t["det"] and hit(t, p))
            print(f"  {prov[:44]:44} injections {len(a):4}: detector {sum(t['det'] for t, _ in a):4}, +{new(a):3} | "
                  f"honest {len(b):4}: detector {sum(t['det'] for t, _ in b):3}, +{new(b):3}")


if __name__ == "__main__":
    report([json.loads(l) for l in open(sys.argv[1])], json.load(open(sys.argv[2])))
