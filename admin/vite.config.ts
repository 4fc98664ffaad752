import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// The browser only ever sees one origin: in development Vite forwards the graph and the session
// routes to the gateway, as the gateway itself serves the built app in production.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'PRAXIS_');
  const gateway = env.PRAXIS_GATEWAY_URL ?? process.env.PRAXIS_GATEWAY_URL ?? 'http://localhost:4000';
  return {
    base: '/admin/',
    plugins: [react()],
    server: {
      port: 5173,
      proxy: {
        '/graphql': { target: gateway, changeOrigin: false },
        '/auth': { target: gateway, changeOrigin: false },
      },
    },
    build: {
      outDir: 'dist',
      sourcemap: false,
      // The chunk sizes printed by the build are the bundle budget's source figures.
      reportCompressedSize: true,
    },
  };
});
