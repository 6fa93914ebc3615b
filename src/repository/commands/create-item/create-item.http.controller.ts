import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../../../auth/auth.decorators';
import { commandMeta } from '../../../common/http/command-meta.http';
import { ItemDto } from '../../queries/item-view';
import { ItemResponse } from '../../queries/item.response';
import { CreateItemCommand } from './create-item.command';
import { CreateItemRequest } from './create-item.request.dto';
import { newItemId } from '../../domain/item-id';
import { AUTHENTICATED, ApiProblems } from '../../../common/http/openapi/problem';

@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class CreateItemHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({
    summary: 'Create an item',
    description: 'Any type (SPEC §3). Names are unique per folder and type; limits as in SPEC §3. Password values are taken out and stored encrypted.',
  })
  @ApiProblems(400, ...AUTHENTICATED, 409, 413)
  @ApiCreatedResponse({ type: ItemResponse, description: 'the created item; Location and ETag headers' })
  async create(@Body() body: CreateItemRequest, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const id = newItemId();
    const item = await this.commands.execute<CreateItemCommand, ItemDto>(new CreateItemCommand(id, body, commandMeta(req)));
    res.status(201).location(`/api/items/${id}`).setHeader('ETag', `"${item.version}"`);
    return item;
  }
}
