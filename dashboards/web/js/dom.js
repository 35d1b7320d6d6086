// The dashboard's only way to build DOM: elements from tag names, allow-listed attributes and text nodes.
// There is deliberately no helper that accepts HTML: attacker-written text can only ever become a text node.
import { highlightRanges, segments } from "./text.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const SVG_TAGS = new Set(["svg", "g", "rect", "line", "path", "polyline", "text", "title", "circle"]);
// Attributes that can load or run something are never set from here; internal links are hash routes only.
const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|src$|formaction$|action$|xlink:href$)/i;
const ATTR_NAME = /^[a-z][a-z0-9:-]*$/i;

/**
 * h("button", { class: "btn", onclick: fn, "aria-label": "Close" }, "text", child, [more])
 * Strings and numbers become text nodes; null/undefined/false are skipped; arrays are flattened.
 */
export function h(tag, props, ...children) {
  const svg = SVG_TAGS.has(tag);
  const el = svg ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") { el.addEventListener(k.slice(2), v); continue; }
    if (k === "value" && "value" in el && !svg) { el.value = String(v); continue; }
    if (k === "checked" || k === "selected") { el[k] = Boolean(v); continue; }
    if (!ATTR_NAME.test(k) || FORBIDDEN_ATTR.test(k)) throw new Error(`h(): attribute not allowed: ${k}`);
    if (k === "href" && !String(v).startsWith("#/") && !String(v).startsWith("/")) throw new Error("h(): only internal links");
    el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces the content of `el` with `children`. */
export function mount(el, ...children) {
  clear(el);
  return append(el, children);
}

/**
 * Attacker-controlled text as DOM: text nodes, with hidden characters shown as visible markers and optional
 * highlight ranges wrapped in <mark>. Long text is cut at `max` characters with a note saying so.
 * @param {unknown} value
 * @param {{ highlight?: [number, number][], max?: number }} [opts]
 */
export function safeText(value, opts = {}) {
  const full = value === null || value === undefined ? "" : String(value);
  const max = opts.max ?? 20000;
  const text = full.length > max ? full.slice(0, max) : full;
  const frag = document.createDocumentFragment();
  const ranges = (opts.highlight ?? []).filter(([a]) => a < text.length);
  let pos = 0;
  const emit = (str, marked) => {
    if (!str) return;
    const target = marked ? frag.appendChild(h("mark", {})) : frag;
    for (const seg of segments(str)) {
      target.append(seg.kind === "text" ? document.createTextNode(seg.text) : h("span", { class: "hidden-char", title: seg.title }, seg.text));
    }
  };
  for (const [a, b] of ranges) {
    emit(text.slice(pos, a), false);
    emit(text.slice(Math.max(a, pos), b), true);
    pos = Math.max(pos, b);
  }
  emit(text.slice(pos), false);
  if (full.length > max) frag.append(h("span", { class: "truncated" }, ` … (${full.length - max} more characters not shown)`));
  return frag;
}

/** safeText with highlights computed from a span and/or needles. */
export function highlightedText(value, span, needles) {
  const s = value === null || value === undefined ? "" : String(value);
  return safeText(s, { highlight: highlightRanges(s, { span, needles }) });
}

export function svgEl(tag, attrs, ...children) {
  return h(tag, attrs, ...children);
}

/** Moves keyboard focus to the first heading or focusable element of a freshly rendered view. */
export function focusFirst(root) {
  const target = root.querySelector("h1, [autofocus], input, button, a[href]");
  if (target) {
    if (!target.hasAttribute("tabindex") && /^H\d$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }
}
