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

/** Reads of items: one item, pages of items, the tree, an item's files and history. */
@ApiTags('items')
@ApiBearerAuth()
@Controller('api')
export class ItemsHttpController {
  constructor(
    private readonly queries: ItemQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('items')
  @ApiOkResponse({ type: ItemPageResponse })
  list(@Query() query: ListItemsRequest) {
    const folderId = query.folderId === undefined ? undefined : query.folderId === 'root' ? null : query.folderId;
    return this.queries.list({ folderId, type: query.type, q: query.q, limit: query.limit ?? DEFAULT_PAGE, cursor: query.cursor });
  }

  @Get('items/:id')
  @ApiOkResponse({ type: ItemResponse })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response) {
    const item = this.queries.get(id);
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
  async history(@Param('id', new ParseUUIDPipe()) id: string) {
    const entries = await itemHistory(this.store, id);
    if (entries.length === 0) throw notFound('item');
    return entries;
  }

  @Get('tree')
  @ApiOkResponse({ description: 'the folder tree with its items: [{id, type, name, children?}]' })
  tree() {
    return this.queries.tree();
  }
}
