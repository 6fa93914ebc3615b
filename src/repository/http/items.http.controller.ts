import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_STORE, EventStore } from '../../event-store/event-store';
import { notFound } from '../../common/errors';
import { DEFAULT_PAGE } from '../../common/pagination';
import { ItemQueries } from '../queries/item-queries';
import { ItemPageResponse, ItemResponse } from '../queries/item.response';
import { itemHistory } from '../queries/item-history';
import { ListItemsRequest } from './list-items.request.dto';
import { MomentRequest } from '../../audit/moment.request.dto';
import { resolveMoment } from '../../audit/moment';
import { ViewDatabase } from '../../read-model/view-database';

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
  @ApiOkResponse({ description: '[{position, at, by, change, restoreId?}], oldest first, from the log' })
  async history(@Param('id', new ParseUUIDPipe()) id: string, @Query() moment: MomentRequest) {
    const at = resolveMoment(this.view, moment);
    const entries = (await itemHistory(this.store, id)).filter((e) => at === undefined || BigInt(e.position) <= at);
    if (entries.length === 0) throw notFound('item');
    return entries;
  }

  @Get('tree')
  @ApiOkResponse({ description: 'the folder tree with its items: [{id, type, name, children?}]' })
  tree(@Query() moment: MomentRequest) {
    return this.queries.tree(resolveMoment(this.view, moment));
  }
}
