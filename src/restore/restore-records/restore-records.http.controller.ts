import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import { notFound } from '../../common/errors';
import { DEFAULT_PAGE } from '../../common/pagination';
import { AUTHENTICATED, ApiProblems, ref } from '../../common/http/openapi/problem';
import { RestoreQueries } from '../restore-queries';
import { RestoreProgressRegistry } from '../restore-progress';
import { ListRestoresQuery, RestoreItemsPageQuery } from './list-restores.request.dto';

/** Who restored what and when (SPEC §7): the restore records of every kind, and their per-item outcomes. */
@ApiTags('restore')
@ApiBearerAuth()
@Controller('api/restores')
export class RestoreRecordsHttpController {
  constructor(
    private readonly queries: RestoreQueries,
    private readonly progress: RestoreProgressRegistry,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'RestoresHttpController_list', // as before the split: clients generated from the document key on it
    summary: 'List restores',
    description: 'The restore audit, newest first: item restores, full restores and rollbacks. Users see their own, admins everyone’s.',
  })
  @ApiOkResponse({ description: 'restore records, paged', schema: ref('RestoreRecordPage') })
  @ApiProblems(400, ...AUTHENTICATED)
  list(@Query() query: ListRestoresQuery, @Req() req: AuthenticatedRequest) {
    return this.queries.list({ ...query, limit: query.limit ?? DEFAULT_PAGE }, req.actor);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'RestoresHttpController_get', // as before the split: clients generated from the document key on it
    summary: 'Get a restore',
    description: 'One restore record, with `progress` while a full restore runs.',
  })
  @ApiOkResponse({ description: 'the restore record', schema: ref('RestoreRecord') })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  get(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    const record = this.queries.get(id, req.actor);
    if (!record) throw notFound('restore');
    const progress = this.progress.get(id);
    return progress && record.status === 'running' ? { ...record, progress } : record;
  }

  @Get(':id/items')
  @ApiOperation({
    operationId: 'RestoresHttpController_items', // as before the split: clients generated from the document key on it
    summary: "A restore's per-item outcomes",
    description: 'In file order (full restores and rollbacks: deletions first), paged, optionally of one status.',
  })
  @ApiOkResponse({ description: 'per-item outcomes, paged', schema: ref('ReportItemPage') })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  items(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: RestoreItemsPageQuery, @Req() req: AuthenticatedRequest) {
    if (!this.queries.get(id, req.actor)) throw notFound('restore');
    return this.queries.items(id, query.limit ?? DEFAULT_PAGE, query.cursor, query.status);
  }
}
