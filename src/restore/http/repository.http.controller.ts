import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Response } from 'express';
import path from 'node:path';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { DomainError } from '../../common/errors';
import { BackupService } from '../../backup/backup.service';
import { sendBackup } from '../../backup/http/send-backup';
import { RepositoryRestoreService } from '../repository/repository-restore.service';
import { RollbackService } from '../repository/rollback.service';
import { receiveUploads, type UploadedFile } from '../upload/receive-upload';
import { receiveRawBody } from '../upload/receive-raw-body';
import { NoBodyParsing } from '../../common/http/json-body';
import { RepositoryRestoreQuery } from './restore-items.request.dto';
import { MomentRequest } from '../../audit/moment.request.dto';
import { resolveMoment } from '../../audit/moment';
import { ViewDatabase } from '../../read-model/view-database';
import { ADMIN, ApiProblems, ref } from '../../common/http/openapi/problem';

export class RepositoryBackupQuery extends MomentRequest {
  @ApiPropertyOptional({ enum: ['json', 'xml'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xml'])
  format?: 'json' | 'xml';
}

export class RollbackRequest extends MomentRequest {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** The whole repository, for administrators (SPEC §6). */
@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/admin/repository')
export class RepositoryHttpController {
  private readonly logger = new Logger('RepositoryRestore');

  constructor(
    private readonly backups: BackupService,
    private readonly restores: RepositoryRestoreService,
    private readonly view: ViewDatabase,
    private readonly rollbacks: RollbackService,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  @Get('backup')
  @ApiOperation({ summary: 'Back up the whole repository', description: 'Admins only. Streamed in constant memory; with asOf or position, the repository as it was then.' })
  @ApiProduces('application/json', 'application/xml')
  @ApiOkResponse({
    description: 'the whole repository ("scope":"repository"), streamed as an attachment',
    content: { 'application/json': { schema: { type: 'string', format: 'binary' } }, 'application/xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(400, ...ADMIN, 422)
  async backup(@Query() query: RepositoryBackupQuery, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const at = resolveMoment(this.view, query);
    await sendBackup(res, await this.backups.ofRepository(query.format ?? 'json', req.actor.userName, at));
  }

  @Post('restore')
  @HttpCode(200)
  @NoBodyParsing()
  @ApiOperation({
    summary: 'Make the repository exactly a backup',
    description:
      'Admins only. Items are matched by id: deleted, replaced, created, as one atomic batch. A backup whose scope is not "repository" is refused (422 INVALID_BACKUP) unless allowItemScope=true. The file comes as multipart (field `file`) or as the raw JSON body.',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'a Strata JSON backup' } } } },
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

  @Post('rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Roll the repository back to a moment', description: 'Admins only. The repository becomes what it was at asOf or position, as one compensating batch; recorded as a restore of kind rollback.' })
  @ApiOkResponse({ description: 'what changed (or would, in a dry run)', schema: ref('RollbackResult') })
  @ApiProblems(400, ...ADMIN, 409)
  rollback(@Body() body: RollbackRequest, @Req() req: AuthenticatedRequest) {
    const at = resolveMoment(this.view, body);
    if (at === undefined) throw new DomainError('VALIDATION_FAILED', 'give the moment to roll back to: asOf or position');
    return this.rollbacks.rollback(at, req.actor, { dryRun: body.dryRun ?? false, asOf: body.asOf });
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
