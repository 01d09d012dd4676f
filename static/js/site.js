// Where the book lives and what serves it, read from <html>:
//
//   data-base-url="/nn-course/"  the path the book is published under ("/" when absent);
//   data-site="static"           a static export (`nnbook build`): no server behind it, so
//                                nothing may call /api, and pages are folders
//                                (/chapters/x/ holds index.html).
//
// The live server writes neither attribute; the export (app/export) adds both. Every URL a
// script builds goes through here, so the book works at / and under any sub-path alike.

const root = document.documentElement.dataset;

/** The book's base path, always ending in "/". */
export const BASE = (root.baseUrl || "/").replace(/\/?$/, "/");

/** True in a static export: there is no server, so the figures must never ask /api. */
export const STATIC = root.site === "static";

/** The book's sentence for a setting only the server could compute. */
export const NEEDS_SERVER = "This setting needs the book's server; this copy is static.";

/** A file's URL from its root-relative path ("/static/…" → BASE + "static/…"). */
export function siteUrl(path) {
  return BASE + String(path).replace(/^\//, "");
}

/** A page's URL from the path the book's text uses ("/chapters/x#y"): in a static export a
 * page is a folder, so its URL ends in "/" before the query and fragment. */
export function pageHref(path) {
  const text = String(path);
  if (!text.startsWith("/") || text.startsWith("//")) return text; // another site, or relative
  if (!STATIC) return siteUrl(text);
  const [, pathname, rest] = text.match(/^([^?#]*)(.*)$/);
  const folder = pathname === "/" || pathname.endsWith("/") ? pathname : `${pathname}/`;
  return siteUrl(folder) + rest;
}

/** The path of a URL inside the book ("/chapters/x"), or null for a URL outside it. */
export function bookPath(pathname) {
  return pathname.startsWith(BASE) ? `/${pathname.slice(BASE.length)}` : null;
}
