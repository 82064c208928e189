// The R2 floor Worker: each request body piped natively into one R2 multipart part (no hashing, no re-cutting, no Durable Object).
const KEY = 'floor';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/start') {
      const upload = await env.BLOBS.createMultipartUpload(KEY);
      return Response.json({ id: upload.uploadId });
    }
    const upload = env.BLOBS.resumeMultipartUpload(KEY, url.searchParams.get('id') ?? '');
    if (url.pathname === '/part') {
      const length = Number(request.headers.get('content-length'));
      const body = request.body!.pipeThrough(new FixedLengthStream(length));
      return Response.json(await upload.uploadPart(Number(url.searchParams.get('n')), body));
    }
    await upload.complete(await request.json<R2UploadedPart[]>());
    return new Response('done');
  },
} satisfies ExportedHandler<Env>;
export { UploadSession } from './no-upload-session';
