import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_STORE, EventStore } from '../../event-store/event-store';
import { notFound } from '../../common/errors';
import { DEFAULT_PAGE, MAX_PAGE } from '../../common/pagination';
import { ItemQueries } from '../queries/item-queries';
import { ItemPageResponse, ItemResponse, TreePageResponse } from '../queries/item.response';
import { itemHistory } from '../queries/item-history';
import { ListItemsRequest } from './list-items.request.dto';
import { TreeRequest } from './tree.request.dto';
import { LIMITS } from '../domain/limits';
import { MomentRequest } from '../../audit/moment.request.dto';
import { resolveMoment } from '../../audit/moment';
import { ViewDatabase } from '../../read-model/view-database';
import { jsonArray, sendJson } from '../../common/http/send-json';
import { AUTHENTICATED, ApiProblems, ref } from '../../common/http/openapi/problem';

/** Reads of items — now, or as of `asOf`/`position` — the tree, an item's files and history. */
@ApiTags('items')
@ApiBearerAuth()
@Controller('api')
export class ItemsHttpController {
  constructor(
    private readonly queries: ItemQueries,
    private readonly view: ViewDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('items')
  @ApiOperation({
    summary: 'List items',
    description: 'Filtered by folder, type and part of the name; ordered by name then id; paged. With asOf or position, as the repository was then.',
  })
  @ApiOkResponse({ type: ItemPageResponse })
  @ApiProblems(400, ...AUTHENTICATED)
  list(@Query() query: ListItemsRequest) {
    const folderId = query.folderId === undefined ? undefined : query.folderId === 'root' ? null : query.folderId;
    const filter = { folderId, type: query.type, q: query.q, limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor };
    return this.queries.list(filter, resolveMoment(this.view, query));
  }

  @Get('items/:id')
  @ApiOperation({
    summary: 'Get an item',
    description: 'Its content (secrets never shown), completeness and needs; ETag is its version. With asOf or position, as it was then.',
  })
  @ApiOkResponse({ type: ItemResponse, headers: { ETag: { description: 'the item version, quoted', schema: { type: 'string' } } } })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  get(@Param('id', new ParseUUIDPipe()) id: string, @Query() moment: MomentRequest, @Res({ passthrough: true }) res: Response) {
    const item = this.queries.get(id, resolveMoment(this.view, moment));
    if (!item) throw notFound('item');
    res.setHeader('ETag', `"${item.version}"`);
    return item;
  }

  @Get('items/:id/files')
  @ApiOperation({
    summary: "List a data store's uploaded files",
    description: 'Names, sizes and SHA-256 of the files uploaded for the item (never their content).',
  })
  @ApiOkResponse({ description: 'the files', schema: { type: 'array', items: ref('StoredFile') } })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  files(@Param('id', new ParseUUIDPipe()) id: string) {
    if (!this.queries.row(id)) throw notFound('item');
    return this.queries.files(id);
  }

  @Get('items/:id/history')
  @ApiOperation({
    summary: "An item's history",
    description:
      'Every change to the item, oldest first, read from the log (deleted items too): who, when, what, and the restore that made it. Streamed as it is read.',
  })
  @ApiOkResponse({ description: 'the changes, oldest first', schema: { type: 'array', items: ref('HistoryEntry') } })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  async history(@Param('id', new ParseUUIDPipe()) id: string, @Query() moment: MomentRequest, @Res() res: Response) {
    const entries = itemHistory(this.store, id, resolveMoment(this.view, moment));
    const first = await entries.next();
    if (first.done) throw notFound('item');
    await sendJson(res, jsonArray(prepend(first.value, entries)));
  }

  @Get('tree')
  @ApiOperation({
    summary: 'The folder tree, a bounded page at a time',
    description:
      'Nodes in pre-order (a folder, then its folders by name, then its items by type and name), nested, at most `limit` per page at all levels, ' +
      'from `folderId` (default: the whole repository) down `depth` levels. A page that starts inside a folder shown earlier repeats the folders above ' +
      'as `continued` stubs, so pages merge by id; all pages of one walk read the repository as of the first page.',
  })
  @ApiOkResponse({ type: TreePageResponse })
  @ApiProblems(400, ...AUTHENTICATED, 404)
  tree(@Query() query: TreeRequest) {
    const folderId = query.folderId === undefined || query.folderId === 'root' ? null : query.folderId;
    return this.queries.tree({
      folderId,
      depth: query.depth ?? LIMITS.folderDepth,
      limit: query.limit ?? MAX_PAGE,
      cursor: query.cursor,
      at: resolveMoment(this.view, query),
    });
  }
}

async function* prepend<T>(first: T, rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield first;
  yield* rest;
}
