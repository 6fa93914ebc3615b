import { Body, Controller, Param, ParseUUIDPipe, Patch, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../../../auth/auth.decorators';
import { commandMeta, expectedVersion } from '../../../common/http/command-meta.http';
import { ItemDto } from '../../queries/item-view';
import { ItemResponse } from '../../queries/item.response';
import { UpdateItemCommand } from './update-item.command';
import { UpdateItemRequest } from './update-item.request.dto';
import { AUTHENTICATED, ApiProblems } from '../../../common/http/openapi/problem';

@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class UpdateItemHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @ApiOperation({ summary: 'Change an item', description: 'Rename, move, describe, comment or change the content, any of them at once; the type stays.' })
  @ApiProblems(400, ...AUTHENTICATED, 404, 409, 412, 413)
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag the change was decided on; 412 if it moved on' })
  @ApiOkResponse({ type: ItemResponse })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateItemRequest,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = new UpdateItemCommand(id, body, expectedVersion(req), commandMeta(req));
    const item = await this.commands.execute<UpdateItemCommand, ItemDto>(command);
    res.setHeader('ETag', `"${item.version}"`);
    return item;
  }
}
