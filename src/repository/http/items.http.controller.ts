import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: ItemPageResponse })
  list(@Query() query: ListItemsRequest) {
    const folderId = query.folderId === undefined ? undefined : query.folderId === 'root' ? null : query.folderId;
    const filter = { folderId, type: query.type, q: query.q, limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor };
    return this.queries.list(filter, resolveMoment(this.view, query));
  }

  @Get('items/:id')
  @ApiOkResponse({ type: ItemResponse })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Query() moment: MomentRequest, @Res({ passthrough: true }) res: Response) {
    const item = this.queries.get(id, resolveMoment(this.view, moment));
    if (!item) throw notFound('item');
    res.setHeader('ETag', `"${item.version}"`);
    return item;
  }

  @Get('items/:id/files')
  @ApiOkResponse({ description: '[{name, size, sha256}]' })
  files(@Param('id', new ParseUUIDPipe()) id: string) {
    if (!this.queries.row(id)) throw notFound('item');
    return this.queries.files(id);
  }

  @Get('items/:id/history')
  @ApiOkResponse({ description: '[{position, at, by, change, restoreId?}], oldest first, from the log, streamed' })
  async history(@Param('id', new ParseUUIDPipe()) id: string, @Query() moment: MomentRequest, @Res() res: Response) {
    const entries = itemHistory(this.store, id, resolveMoment(this.view, moment));
    const first = await entries.next();
    if (first.done) throw notFound('item');
    await sendJson(res, jsonArray(prepend(first.value, entries)));
  }

  @Get('tree')
  @ApiOkResponse({
    type: TreePageResponse,
    description:
      'the folder tree with its items, a bounded page at a time: nodes in pre-order (a folder, then its folders by name, then its items by type and name), ' +
      'nested, at most `limit` per page; a page that starts inside a folder shown earlier repeats the folders above as `continued` stubs',
  })
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
