// Building the page without ever parsing strings as HTML: residents' comments and staff input are
// untrusted, so text always goes in through textContent (h); nothing is ever set as HTML.

/** @typedef {Node | string | number | null | undefined | false | Array<any>} TChild */

/**
 * h("button", { class: "primary", onclick: fn, "data-testid": "save" }, "保存")
 * Children: strings and numbers become text nodes; null, undefined and false are skipped; arrays are flattened.
 * Typed loosely (any element's properties): the console builds inputs, selects and buttons alike with it.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...TChild} children
 * @returns {any}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "style" && typeof value === "object") Object.assign(el.style, value);
    else if (name === "value" || name === "checked" || name === "selected" || name === "disabled" || name === "indeterminate") el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uniqueCounter = 0;
/** An id for pairing a label with its input. */
export function uid(prefix = "f") {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}
