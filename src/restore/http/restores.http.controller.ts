import { Controller, Get, HttpCode, Inject, Logger, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import path from 'node:path';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { notFound } from '../../common/errors';
import { DEFAULT_PAGE } from '../../common/pagination';
import { RestoreService } from '../restore.service';
import { RestoreQueries } from '../restore-queries';
import { RestoreProgressRegistry } from '../restore-progress';
import { receiveUploads } from '../upload/receive-upload';
import { NoBodyParsing } from '../../common/http/json-body';
import { ListRestoresQuery, RestoreItemsPageQuery } from './list-restores.request.dto';
import { RestoreItemsQuery } from './restore-items.request.dto';
import { sendReport } from './send-report';
import { AUTHENTICATED, ApiProblems, ref } from '../../common/http/openapi/problem';

@ApiTags('restore')
@ApiBearerAuth()
@Controller('api/restores')
export class RestoresHttpController {
  private readonly logger = new Logger('Restore');

  constructor(
    private readonly restores: RestoreService,
    private readonly queries: RestoreQueries,
    private readonly progress: RestoreProgressRegistry,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @NoBodyParsing()
  @ApiOperation({
    summary: 'Restore items from backup files',
    description:
      'One or more files (field `files`): Strata JSON, 1Integrate legacy XML, 1Integrate for ArcGIS .rules or XML, recognised from the content. Every item gets a new id; everything that loads is one atomic batch (SPEC §5).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'the backup files',
    schema: { type: 'object', required: ['files'], properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } },
  })
  @ApiHeader({ name: 'Prefer', required: false, description: '"respond-async": 202 at once, the report at Location' })
  @ApiOkResponse({ description: 'the restore report (SPEC §5)', schema: ref('RestoreReport') })
  @ApiAcceptedResponse({ description: 'started; poll Location (GET /api/restores/:id)', schema: ref('RestoreAccepted') })
  @ApiProblems(400, ...AUTHENTICATED, 409, 413, 422)
  async restore(@Query() query: RestoreItemsQuery, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const uploads = await receiveUploads(req, {
      tmpDir: path.join(this.config.dataDir, 'tmp'),
      maxBytes: this.config.maxUploadBytes,
      fields: ['files', 'file'],
    });
    const options = { dryRun: query.dryRun ?? false, onConflict: query.onConflict ?? 'rename' };
    const id = await this.restores.start(uploads, req.actor, options);
    const running = this.restores.run(id, uploads, req.actor, options);
    if (/\brespond-async\b/i.test(String(req.headers.prefer ?? ''))) {
      running.catch((error: Error) => this.logger.warn(`restore ${id} failed: ${error.message}`));
      res.status(202).location(`/api/restores/${id}`).json({ restoreId: id, status: 'running' });
      return;
    }
    await sendReport(res, { ...(await running) }, this.queries.itemPages(id));
  }

  @Get()
  @ApiOperation({ summary: 'List restores', description: 'The restore audit, newest first: item restores, full restores and rollbacks. Users see their own, admins everyone’s.' })
  @ApiOkResponse({ description: 'restore records, paged', schema: ref('RestoreRecordPage') })
  @ApiProblems(400, ...AUTHENTICATED)
  list(@Query() query: ListRestoresQuery, @Req() req: AuthenticatedRequest) {
    return this.queries.list({ ...query, limit: query.limit ?? DEFAULT_PAGE }, req.actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a restore', description: 'One restore record, with `progress` while a full restore runs.' })
  @ApiOkResponse({ description: 'the restore record', schema: ref('RestoreRecord') })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  get(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    const record = this.queries.get(id, req.actor);
    if (!record) throw notFound('restore');
    const progress = this.progress.get(id);
    return progress && record.status === 'running' ? { ...record, progress } : record;
  }

  @Get(':id/items')
  @ApiOperation({ summary: "A restore's per-item outcomes", description: 'In file order (full restores and rollbacks: deletions first), paged, optionally of one status.' })
  @ApiOkResponse({ description: 'per-item outcomes, paged', schema: ref('ReportItemPage') })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  items(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: RestoreItemsPageQuery, @Req() req: AuthenticatedRequest) {
    if (!this.queries.get(id, req.actor)) throw notFound('restore');
    return this.queries.items(id, query.limit ?? DEFAULT_PAGE, query.cursor, query.status);
  }
}
