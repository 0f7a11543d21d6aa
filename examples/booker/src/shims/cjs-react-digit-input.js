// Default-import interop shim for the CommonJS module react-digit-input/lib/index.js (it sets exports.__esModule + exports.default).
// @calcom/atoms is "type": "module", so esbuild (Vite dev pre-bundling) applies Node semantics and hands atoms
// module.exports instead of exports.default -> "(0, import_x.default) is not a function". Works in both dev and build.
import mod from "../../node_modules/react-digit-input/lib/index.js";
export default mod && mod.__esModule && "default" in mod ? mod.default : mod;
