/**
 * Vendor-file routes. The upload route lives in its own fastify context: only there are `text/csv`,
 * `application/octet-stream` and multipart bodies accepted, passed on as streams (never buffered),
 * with the service's own size limit instead of the JSON body limit.
 */
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { Uuid } from '@nenkin/contracts/primitives';
import { requireRoles } from '@nenkin/platform/auth';
import { badRequest } from '@nenkin/platform/errors';
import type { HttpApp } from '@nenkin/platform/http';
import { MAX_ERRORS_PAGE } from '../../definitions';
import type { BatchService, Encoding } from '../../batches/batch-service';
import { errorCsv } from '../../batches/csv-export';

const UPLOADERS = [Roles.VENDOR, Roles.SHAROUSHI, Roles.EMPLOYER, Roles.STAFF] as const;
const READERS = [...UPLOADERS, Roles.INTEGRATION] as const;

const UploadQuery = Type.Object(
  { encoding: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('cp932'), Type.Literal('utf8')])) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ batchId: Uuid }, { additionalProperties: false });
const PageQuery = Type.Object(
  {
    after: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: MAX_ERRORS_PAGE, default: 500 }),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    charset: Type.Optional(Type.Union([Type.Literal('cp932'), Type.Literal('utf8')])),
  },
  { additionalProperties: false },
);

/** The encoding a Content-Type declares (`charset=shift_jis` …), if any. */
const charsetOf = (contentType: string | undefined): Encoding | undefined => {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  const c = m?.[1]?.toLowerCase();
  if (c === undefined) return undefined;
  if (['shift_jis', 'shift-jis', 'sjis', 'cp932', 'windows-31j', 'ms932', 'x-sjis'].includes(c)) return 'cp932';
  if (['utf-8', 'utf8'].includes(c)) return 'utf8';
  throw badRequest(`Unsupported charset ${c.slice(0, 40)}: use Shift_JIS (CP932) or UTF-8`, 'UNSUPPORTED_CHARSET');
};

export const batchRoutes = (app: HttpApp, service: BatchService, maxBytes: number): void => {
  void app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/octet-stream', 'text/plain'], (_request, payload, done) => done(null, payload));
    await scope.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 5, parts: 6 } });
    scope.post(
      '/v1/filing-batches',
      {
        schema: { querystring: UploadQuery, tags: ['filing-batches'], consumes: ['text/csv', 'application/octet-stream', 'multipart/form-data'] },
        preHandler: requireRoles(...UPLOADERS),
      },
      async (request, reply) => {
        const query = request.query as { encoding?: Encoding }; // validated by UploadQuery
        const declared = query.encoding ?? charsetOf(request.headers['content-type']) ?? 'auto';
        const lengthHeader = request.headers['content-length'];
        const contentLength = lengthHeader === undefined ? undefined : Number(lengthHeader);
        let stream: Readable;
        if (request.isMultipart()) {
          const part = await request.file();
          if (part === undefined) throw badRequest('The multipart body has no file part', 'FILE_REQUIRED');
          stream = part.file;
        } else if (request.body instanceof Readable) {
          stream = request.body;
        } else {
          throw badRequest('Send the file as text/csv, application/octet-stream or multipart/form-data', 'FILE_REQUIRED');
        }
        let result: Awaited<ReturnType<BatchService['upload']>>;
        try {
          result = await service.upload(request.principal, stream, {
            encoding: declared,
            ...(contentLength !== undefined && Number.isFinite(contentLength) && !request.isMultipart() ? { contentLength } : {}),
            correlationId: request.correlationId,
          });
        } catch (err) {
          // The refused body may still be arriving: answer, then close this connection.
          reply.header('connection', 'close');
          throw err;
        }
        return reply.status(202).header('location', `/v1/filing-batches/${result.batchId}`).send(result);
      },
    );
  });

  app.get('/v1/filing-batches/:batchId', { schema: { params: IdParams, tags: ['filing-batches'] }, preHandler: requireRoles(...READERS) }, async (request) =>
    service.progress(request.principal, request.params.batchId),
  );

  app.get(
    '/v1/filing-batches/:batchId/errors',
    { schema: { params: IdParams, querystring: PageQuery, tags: ['filing-batches'] }, preHandler: requireRoles(...READERS) },
    async (request, reply) => {
      const wantsCsv = request.query.format === 'csv' || (request.query.format === undefined && /text\/csv/i.test(request.headers.accept ?? ''));
      if (!wantsCsv) return service.errors(request.principal, request.params.batchId, request.query.after, request.query.limit);
      const charset = request.query.charset ?? 'cp932';
      await service.readable(request.principal, request.params.batchId); // 404 before the stream starts
      const body = Readable.from(errorCsv(service.allErrors(request.principal, request.params.batchId), charset));
      return reply
        .type(`text/csv; charset=${charset === 'cp932' ? 'Shift_JIS' : 'UTF-8'}`)
        .header('content-disposition', `attachment; filename="errors-${request.params.batchId}.csv"`)
        .send(body);
    },
  );

  app.get(
    '/v1/filing-batches/:batchId/results',
    { schema: { params: IdParams, querystring: PageQuery, tags: ['filing-batches'] }, preHandler: requireRoles(...READERS) },
    async (request) => service.results(request.principal, request.params.batchId, request.query.after, request.query.limit),
  );
};

