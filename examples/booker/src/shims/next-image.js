import React from "react";
// Stand-in for "next/image": a plain img.
export default function Image({ src, alt = "", width, height, fill, priority, quality, placeholder, blurDataURL, loader, unoptimized, ...rest }) {
  const url = typeof src === "string" ? src : src?.src;
  return React.createElement("img", { src: url, alt, width, height, ...rest });
}
