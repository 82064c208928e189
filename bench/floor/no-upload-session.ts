// The Durable Object class wrangler.toml binds, which the floors bundled with it must export and never use.
export class UploadSession {}
