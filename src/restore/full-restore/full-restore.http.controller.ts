import { Controller, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import path from 'node:path';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { DomainError } from '../../common/errors';
import { NoBodyParsing } from '../../common/http/json-body';
import { ADMIN, ApiProblems, ref } from '../../common/http/openapi/problem';
import { FullRestoreService } from './full-restore.service';
import { receiveUploads, type UploadedFile } from '../upload/receive-upload';
import { receiveRawBody } from '../upload/receive-raw-body';
import { RepositoryRestoreQuery } from './full-restore.request.dto';

/** The whole repository, for administrators (SPEC §6): made exactly a backup. */
@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/admin/repository')
export class FullRestoreHttpController {
  private readonly logger = new Logger('RepositoryRestore');

  constructor(
    private readonly restores: FullRestoreService,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  @Post('restore')
  @HttpCode(200)
  @NoBodyParsing()
  @ApiOperation({
    operationId: 'RepositoryHttpController_restore', // as before the split: clients generated from the document key on it

    summary: 'Make the repository exactly a backup',
    description:
      'Admins only. Items are matched by id: deleted, replaced, created, as one atomic batch. A backup whose scope is not "repository" is refused (422 INVALID_BACKUP) unless allowItemScope=true. The file comes as multipart (field `file`) or as the raw JSON body.',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'a Strata JSON backup' } } },
        },
        'application/json': { schema: { type: 'object', description: 'a Strata JSON backup (SPEC §4), as the raw body', additionalProperties: true } },
      },
    },
  })
  @ApiHeader({ name: 'Prefer', required: false, description: '"respond-async": 202 at once; progress at Location' })
  @ApiOkResponse({ description: 'what changed (or would, in a dry run), and what the backup says of itself', schema: ref('RepositoryRestoreResult') })
  @ApiAcceptedResponse({ description: 'with Prefer: respond-async; progress at Location', schema: ref('RestoreAccepted') })
  @ApiProblems(400, ...ADMIN, 409, 413, 422)
  async restore(@Query() query: RepositoryRestoreQuery, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const upload = await this.receive(req);
    const options = { dryRun: query.dryRun ?? false, allowItemScope: query.allowItemScope ?? false };
    const id = await this.restores.start(upload, req.actor, options);
    const running = this.restores.run(id, upload, req.actor, options);
    if (/\brespond-async\b/i.test(String(req.headers.prefer ?? ''))) {
      running.catch((error: Error) => this.logger.warn(`repository restore ${id} failed: ${error.message}`));
      res.status(202).location(`/api/restores/${id}`);
      return { restoreId: id, kind: 'repository', status: 'running' };
    }
    return running;
  }

  private async receive(req: AuthenticatedRequest): Promise<UploadedFile> {
    const tmpDir = path.join(this.config.dataDir, 'tmp');
    const type = String(req.headers['content-type'] ?? '');
    if (/^multipart\/form-data/i.test(type)) {
      const [file, ...more] = await receiveUploads(req, { tmpDir, maxBytes: this.config.maxUploadBytes, fields: ['file'], maxFiles: 1 });
      if (more.length > 0) throw new DomainError('VALIDATION_FAILED', 'a repository restore takes one file');
      return file;
    }
    if (/^application\/(json|xml)\b/i.test(type) || /^text\/xml\b/i.test(type)) {
      return receiveRawBody(req, tmpDir, this.config.maxUploadBytes, 'request-body');
    }
    throw new DomainError('VALIDATION_FAILED', 'send the backup as multipart/form-data (field "file") or as an application/json body');
  }
}
