// Vite's `?raw` imports (a file's text), used for the signed .prov fixtures in test/fixtures/.
declare module '*.prov?raw' {
  const text: string;
  export default text;
}
