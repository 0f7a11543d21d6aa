import React from "react";
// Stand-in for "next/link": a plain anchor.
const Link = React.forwardRef(function Link(
  { href, prefetch, replace, scroll, shallow, passHref, legacyBehavior, locale, ...rest },
  ref
) {
  const url = typeof href === "string" ? href : href?.pathname ?? "#";
  return React.createElement("a", { ref, href: url, ...rest });
});
export default Link;
