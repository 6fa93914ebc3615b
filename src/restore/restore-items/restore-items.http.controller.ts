import { Controller, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import path from 'node:path';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { NoBodyParsing } from '../../common/http/json-body';
import { AUTHENTICATED, ApiProblems, ref } from '../../common/http/openapi/problem';
import { RestoreQueries } from '../restore-queries';
import { receiveUploads } from '../upload/receive-upload';
import { sendReport } from '../http/send-report';
import { RestoreItemsService } from './restore-items.service';
import { RestoreItemsQuery } from './restore-items.request.dto';

/** Items restored from backup files into the repository (SPEC §5): `POST /api/restores`. */
@ApiTags('restore')
@ApiBearerAuth()
@Controller('api/restores')
export class RestoresHttpController {
  private readonly logger = new Logger('Restore');

  constructor(
    private readonly restores: RestoreItemsService,
    private readonly queries: RestoreQueries,
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
}
