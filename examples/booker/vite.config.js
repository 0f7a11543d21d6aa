import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const shim = (p) => here(`./src/shims/${p}`);
const norm = (id) => (id ?? "").replace(/\\/g, "/");
const ATOMS_DIST = here("./node_modules/@calcom/atoms/dist/");

// Work-arounds needed to run @calcom/atoms 2.11.0 outside Next.js (see the report):
//  (1) booker-component.js renders the primitive DatePicker without onChange -> "onChange is not a function".
//  (2) booker-platform-wrapper.js calls useBookingForm with args the shipped hook ignores -> form fields get
//      null values -> "Value null is not valid for type variants for field name".
//  (3) "sideEffects": false makes bundlers drop dist/vendor/dayjs/index.js (it only registers dayjs plugins)
//      -> "Cannot read properties of undefined (reading 'guess')".
//  (4) next/navigation's useSearchParams() returns null outside Next -> "Cannot read properties of null
//      (reading 'get')"; next/link + next/image shimmed too so "next" is never needed.
//  (5) dev server only: esbuild's Node-style interop breaks default imports of CJS modules that set
//      __esModule (react-use/lib/usePrevious, react-digit-input, react-phone-input-2)
//      -> "(0, import_usePrevious2.default) is not a function"; small interop shims fix it.
function redirect(source, importer) {
  const imp = norm(importer);
  if (imp.endsWith("/@calcom/atoms/dist/booker/components/booker-component.js") && source.endsWith("calendar-view/components/date-picker.js"))
    return shim("booker-date-picker.js");
  if (imp.endsWith("/@calcom/atoms/dist/booker/booker-platform-wrapper.js") && source.endsWith("hooks/use-booking-form.js"))
    return shim("booker-use-booking-form.js");
  return null;
}
const isAtomsDayjs = (id) => norm(id).includes("/@calcom/atoms/dist/vendor/dayjs/index.js");

const calcomAtomsFixes = {
  name: "calcom-atoms-fixes",
  enforce: "pre",
  resolveId: (source, importer) => redirect(source, importer),
  transform: (code, id) => (isAtomsDayjs(id) ? { code, map: null, moduleSideEffects: true } : null),
};

// Same fixes for the dev server's dependency pre-bundling (esbuild does not run Vite/Rollup plugins).
const calcomAtomsEsbuildFixes = {
  name: "calcom-atoms-fixes-esbuild",
  setup(build) {
    build.onResolve({ filter: /(date-picker|use-booking-form)\.js$/ }, (args) => {
      const to = redirect(args.path, args.importer);
      return to ? { path: to } : undefined;
    });
    build.onResolve({ filter: /vendor\/dayjs\/index\.js$/ }, (args) =>
      norm(args.importer).includes("/@calcom/atoms/dist/")
        ? { path: path.resolve(path.dirname(args.importer), args.path), sideEffects: true }
        : undefined
    );
  },
};

export default defineConfig({
  plugins: [react(), calcomAtomsFixes],
  resolve: {
    alias: [
      { find: /^next\/navigation$/, replacement: shim("next-navigation.js") },
      { find: /^next\/link$/, replacement: shim("next-link.js") },
      { find: /^next\/image$/, replacement: shim("next-image.js") },
      { find: /^react-use\/lib\/usePrevious$/, replacement: shim("cjs-react-use-usePrevious.js") },
      { find: /^react-digit-input$/, replacement: shim("cjs-react-digit-input.js") },
      { find: /^react-phone-input-2$/, replacement: shim("cjs-react-phone-input-2.js") },
      { find: /^@atoms-dist\//, replacement: ATOMS_DIST },
    ],
  },
  optimizeDeps: { esbuildOptions: { plugins: [calcomAtomsEsbuildFixes] } },
  build: {
    // globals.min.css uses native CSS nesting; avoid esbuild "unsupported-css-nesting" warnings
    cssTarget: ["chrome112", "edge112", "firefox117", "safari16.5"],
    chunkSizeWarningLimit: 2500,
  },
});
