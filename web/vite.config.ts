import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Everything is bundled (no CDN): the service serves dist/ at / and dist/assets/ at /assets/.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/graphql": { target: "http://127.0.0.1:8000", ws: true }, "/bundles": "http://127.0.0.1:8000" } },
});
