/** The pages' icon (an SVG helm wheel), so browsers find it under /assets instead of asking /favicon.ico. */
export const SITE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="9" fill="none" stroke="#0b5cad" stroke-width="3"/><g stroke="#0b5cad" stroke-width="3" stroke-linecap="round"><path d="M16 2v28M2 16h28M6 6l20 20M26 6L6 26"/></g><circle cx="16" cy="16" r="3" fill="#0b5cad"/></svg>
`;
