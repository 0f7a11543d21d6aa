// Minimal stand-in for "next/navigation" so @calcom/atoms works outside Next.js.
// Real next/navigation returns null from useSearchParams() without the Next app router, and the Booker then
// crashes with "Cannot read properties of null (reading 'get')" (isBookingDryRun(searchParams)).
export function useSearchParams() {
  return new URLSearchParams(typeof window === "undefined" ? "" : window.location.search);
}
export function usePathname() {
  return typeof window === "undefined" ? "/" : window.location.pathname;
}
export function useParams() {
  return {};
}
export function useRouter() {
  return {
    push: (href) => window.location.assign(href),
    replace: (href) => window.location.replace(href),
    back: () => window.history.back(),
    forward: () => window.history.forward(),
    refresh: () => {},
    prefetch: () => Promise.resolve(),
  };
}
export function redirect(href) {
  window.location.assign(href);
}
export function notFound() {
  throw new Error("notFound() is not supported outside Next.js");
}
